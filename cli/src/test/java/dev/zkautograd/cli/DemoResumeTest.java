package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --resume} after real {@code kill -9}s: the demo (and its prover service) run as JVMs of their own,
 * started as the launcher does, and are killed with SIGKILL ({@link Process#destroyForcibly()}) once the run's log
 * holds a few steps. Resuming finishes a run that verifies in full with every step exactly once, in order, its state
 * chain unbroken; a killed prover costs no step and duplicates none. Resuming is refused for a finished run, a run
 * without its private folder, a stale or altered saved state, altered recorded options and conflicting options —
 * each naming the file, step and field or the option — and a refused resume appends nothing.
 */
class DemoResumeTest {
  static final int STEPS = 6;
  static final String[] TASK = {"--params", "64", "--steps", Integer.toString(STEPS)};

  /** A run whose demo was killed after its second step: each test works on a copy. */
  @TempDir static Path killed;
  static String runName;

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void killADemoMidRun() throws Exception {
    DemoResumeTest t = new DemoResumeTest();
    Path out = killed.resolve("artifacts");
    Process demo = t.child(killed.resolve("demo.log"), concat(new String[] {"demo", "--out", out.toString()}, TASK));
    Path run = awaitSteps(demo, out, 2, killed.resolve("demo.log"));
    demo.destroyForcibly();
    demo.waitFor();
    runName = run.getFileName().toString();
    assertTrue(lines(run) <= STEPS - 3, "killed soon after the second step, not near the end: " + lines(run) + " steps");
  }

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  @Test
  void a_demo_killed_twice_resumes_into_a_run_with_every_step_once() throws Exception {
    Path out = copyOfKilled();
    Path run = out.resolve(runName);
    long before = lines(run);

    // Killed again while resuming: the second start resumes the resumed run.
    Process again = child(tmp.resolve("resume.log"), "demo", "--resume", run.toString());
    awaitSteps(again, out, before + 2, tmp.resolve("resume.log"));
    again.destroyForcibly();
    again.waitFor();
    assertTrue(Files.readString(tmp.resolve("resume.log")).contains("resumed after step " + (before - 1) + " of " + STEPS),
        () -> read(tmp.resolve("resume.log")));
    long second = lines(run);
    assertTrue(second < STEPS, "killed mid-run: " + second);

    Cli done = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(0, done.exit(), done::toString);
    assertTrue(done.out().contains("resumed after step " + (second - 1) + " of " + STEPS + ": the saved state opens the last "
        + "record's state roots; steps " + second + " to " + (STEPS - 1) + " to go"), done::toString);
    assertTrue(done.out().contains("PASSED"), done::toString);
    assertEveryStepOnceAndChained(run);
    Cli verify = Cli.withProofs("verify", "--run", run.toString());
    assertEquals(0, verify.exit(), verify::toString);

    Path secrets = out.resolve(".private").resolve(runName);
    Cli open = Cli.withProofs("open-model", "--run", run.toString(), "--weights", secrets.resolve("final.state").toString(),
        "--master-seed", secrets.resolve("blinding.seed").toString());
    assertEquals(0, open.exit(), open::toString);
    try (Stream<Path> s = Files.list(secrets)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("after-step-")), "the saved step states are gone once finished");
    }

    Cli finished = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, finished.exit(), finished::toString);
    assertTrue(finished.err().contains("the run is finished: there is nothing to resume [file " + run.resolve("run_manifest.json")
        + ", field status]: expected open, found finished"), finished::toString);
  }

  @Test
  void a_killed_prover_service_costs_no_step_and_the_run_resumes_with_a_restarted_one() throws Exception {
    Path out = tmp.resolve("artifacts");
    Path state = tmp.resolve("prover-state");
    String root = state.resolve(LocalAttestor.ROOT_CERT).toString();
    Process service = child(tmp.resolve("service.log"), "prover-service", "--port", "0", "--state-dir", state.toString());
    String address = "127.0.0.1:" + awaitPort(service, tmp.resolve("service.log"));
    Process demo = child(tmp.resolve("demo.log"), concat(new String[] {"demo", "--out", out.toString(), "--prover-address", address,
        "--prover-trust-root", root}, TASK));
    Path run = awaitSteps(demo, out, 2, tmp.resolve("demo.log"));
    service.destroyForcibly();
    service.waitFor();

    assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo stops when its prover is gone");
    String log = read(tmp.resolve("demo.log"));
    assertEquals(Main.EXIT_BAD_INPUT, demo.exitValue(), log);
    long held = lines(run);
    assertTrue(held < STEPS, log);
    assertTrue(log.contains("zk-autograd: step " + held + " was not proven: prover service at " + address + ": "), log);
    assertTrue(log.contains("the run holds steps 0 to " + (held - 1) + "; start the prover again and continue the run: "
        + "zk-autograd demo --resume " + run), log);

    Process restarted = child(tmp.resolve("service-2.log"), "prover-service", "--port", "0", "--state-dir", state.toString());
    String address2 = "127.0.0.1:" + awaitPort(restarted, tmp.resolve("service-2.log"));
    Cli resumed = Cli.withProofs("demo", "--resume", run.toString(), "--prover-address", address2, "--prover-trust-root", root);
    assertEquals(0, resumed.exit(), resumed::toString);
    assertTrue(resumed.out().contains("resumed after step " + (held - 1) + " of " + STEPS), resumed::toString);
    assertTrue(resumed.out().contains("steps.signature       PASS    all " + STEPS + " records signed by the declared prover key"),
        resumed::toString);
    assertTrue(resumed.out().contains("PASSED"), resumed::toString);
    assertEveryStepOnceAndChained(run);
  }

  @Test
  void a_stale_an_altered_or_a_missing_saved_state_is_refused_naming_the_file_and_field() throws Exception {
    Path out = copyOfKilled();
    Path run = out.resolve(runName);
    Path secrets = out.resolve(".private").resolve(runName);
    long last = lines(run) - 1;
    Path saved = secrets.resolve("after-step-" + last + ".state");
    byte[] good = Files.readAllBytes(saved);
    byte[] log = Files.readAllBytes(run.resolve("steps.jsonl"));

    Files.copy(secrets.resolve("base.state"), saved, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // stale: before step 0
    Cli stale = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, stale.exit(), stale::toString);
    assertTrue(stale.err().contains("the saved state is not the state the run's last step ended in (stale or altered)"), stale::toString);
    assertTrue(stale.err().contains("[file " + saved + ", step " + last + ", field chunks[0].state_out]"), stale::toString);

    byte[] altered = good.clone();
    altered[16 + 8 * 5 + 7] ^= 1; // the lowest bit of weight 5
    Files.write(saved, altered);
    Cli bit = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, bit.exit(), bit::toString);
    assertTrue(bit.err().contains("[file " + saved + ", step " + last + ", field chunks[0].state_out]"), bit::toString);

    Files.write(saved, java.util.Arrays.copyOf(good, good.length - 8));
    Cli truncated = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, truncated.exit(), truncated::toString);
    assertTrue(truncated.err().contains("file length does not match its header [file " + saved + ", step " + last + ", field length]"),
        truncated::toString);

    Files.delete(saved);
    Cli missing = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("no saved state for the run's last step, so nothing to continue from [file " + saved + ", step " + last + "]"), missing::toString);

    assertArrayEquals(log, Files.readAllBytes(run.resolve("steps.jsonl")), "a refused resume appends nothing");
    Files.write(saved, good);
    Cli resumed = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(0, resumed.exit(), resumed::toString);
    assertEveryStepOnceAndChained(run);
  }

  @Test
  void a_run_without_its_private_folder_or_with_other_options_is_refused(@TempDir Path bare) throws Exception {
    Path out = copyOfKilled();
    Path run = out.resolve(runName);
    Path secrets = out.resolve(".private").resolve(runName);

    copyTree(run, bare.resolve(runName));
    Cli noPrivate = Cli.withProofs("demo", "--resume", bare.resolve(runName).toString());
    assertEquals(Main.EXIT_BAD_INPUT, noPrivate.exit(), noPrivate::toString);
    assertTrue(noPrivate.err().contains("the run's private folder is missing"), noPrivate::toString);
    assertTrue(noPrivate.err().contains("[file " + bare.resolve(".private").resolve(runName) + "]"), noPrivate::toString);

    Cli steps = Cli.withProofs("demo", "--resume", run.toString(), "--steps", "9");
    assertEquals(Main.EXIT_BAD_INPUT, steps.exit(), steps::toString);
    assertTrue(steps.err().contains("--steps: the run was started with --steps 6, and --resume continues it with its own options"),
        steps::toString);
    Cli lr = Cli.withProofs("demo", "--resume", run.toString(), "--optimizer", "sgd");
    assertEquals(Main.EXIT_BAD_INPUT, lr.exit(), lr::toString);
    assertTrue(lr.err().contains("--optimizer: the run was started with --optimizer adam"), lr::toString);
    Cli elsewhere = Cli.withProofs("demo", "--resume", run.toString(), "--out", bare.toString());
    assertEquals(Main.EXIT_BAD_INPUT, elsewhere.exit(), elsewhere::toString);
    assertTrue(elsewhere.err().contains("--out: the resumed run lives in " + out), elsewhere::toString);
    Cli unsigned = Cli.withProofs("demo", "--resume", run.toString(), "--prover", "service");
    assertEquals(Main.EXIT_BAD_INPUT, unsigned.exit(), unsigned::toString);
    assertTrue(unsigned.err().contains("--prover: the run was started with --prover local"), unsigned::toString);

    Path options = secrets.resolve("run.options");
    String recorded = Files.readString(options);
    assertTrue(recorded.contains("--seed=7\n"), recorded);
    Files.writeString(options, recorded.replace("--seed=7\n", "--seed=8\n"));
    Cli seed = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, seed.exit(), seed::toString);
    assertTrue(seed.err().contains("do not rebuild the run its manifest declares"), seed::toString);
    assertTrue(seed.err().contains("[file " + run.resolve("run_manifest.json") + ", field model.task]: expected synthetic least squares, "
        + "seed 7, found synthetic least squares, seed 8"), seed::toString);

    Files.writeString(options, recorded + "--out=/elsewhere\n");
    Cli foreign = Cli.withProofs("demo", "--resume", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, foreign.exit(), foreign::toString);
    assertTrue(foreign.err().contains("not a recorded run option [file " + options + ", line "), foreign::toString);
  }

  /** Steps 0 to STEPS-1, each once and in order, every chunk's state_in the state_out before it; the manifest finished. */
  private static void assertEveryStepOnceAndChained(Path dir) throws Exception {
    Run run = RunReader.read(dir);
    run.checkFiles();
    assertTrue(run.finished());
    List<StepRecord> steps = run.steps();
    assertEquals(STEPS, steps.size());
    for (int i = 0; i < STEPS; i++) {
      assertEquals(i, steps.get(i).step());
      if (i > 0) {
        for (int c = 0; c < steps.get(i).chunks().size(); c++) {
          assertEquals(steps.get(i - 1).chunks().get(c).stateOut(), steps.get(i).chunks().get(c).stateIn(), "step " + i + " chunk " + c);
        }
      }
    }
    assertEquals(STEPS, lines(dir));
  }

  private Path copyOfKilled() throws IOException {
    Path out = tmp.resolve("artifacts");
    copyTree(killed.resolve("artifacts"), out);
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** {@code zk-autograd ARGS} in a JVM of its own, as the launcher script starts it, its output going to {@code log}. */
  private Process child(Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  /** Waits until the only run under {@code out} has at least {@code n} steps in its log; fails if the child ends first. */
  private static Path awaitSteps(Process p, Path out, long n, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(out)) {
        try (Stream<Path> s = Files.list(out)) {
          Path run = s.filter(d -> d.getFileName().toString().startsWith("run-")).findFirst().orElse(null);
          if (run != null && lines(run) >= n) return run;
        }
      }
      if (!p.isAlive()) throw new AssertionError("the child ended (exit " + p.exitValue() + ") before step " + n + ":\n" + read(log));
      Thread.sleep(10);
    }
    throw new AssertionError("no " + n + " steps within 180 s:\n" + read(log));
  }

  private static int awaitPort(Process p, Path log) throws Exception {
    Pattern listening = Pattern.compile("prover-service: listening on 127\\.0\\.0\\.1:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(read(log));
      if (m.find()) return Integer.parseInt(m.group(1));
      if (!p.isAlive()) throw new AssertionError("the prover service ended:\n" + read(log));
      Thread.sleep(20);
    }
    throw new AssertionError("the prover service did not listen within 60 s:\n" + read(log));
  }

  /** Complete lines in the run's log. */
  private static long lines(Path run) throws IOException {
    Path steps = run.resolve("steps.jsonl");
    if (!Files.exists(steps)) return 0;
    long n = 0;
    for (byte b : Files.readAllBytes(steps)) n += b == '\n' ? 1 : 0;
    return n;
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
