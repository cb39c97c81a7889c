package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL ({@link Process#destroyForcibly()}) at least 20 times,
 * spread over every phase of a step and of finishing, checks after each kill that the directory is a
 * verifiable prefix, resumes, and at the end proves the run is exactly the run an uninterrupted
 * writer produces from the same input.
 */
class RunWriterKillTest {
  static final int STEPS = 40;
  static final int CHUNKS = 2;
  static final int PROOF_SIZE = 16 * 1024;
  static final long SLOW_MS = 15;
  static final String[] STEP_PHASES = {"proof-temp-written", "proofs-written", "line-half-written", "line-appended", "root-written", "step-done"};
  static final String[] FINISH_PHASES = {"anchored", "anchors-written", "manifest-temp-written"};

  @TempDir Path tmp;

  @Test
  void a_killed_writer_resumes_into_the_same_run() throws Exception {
    long seed = Long.getLong("zka.seed", new Random().nextLong());
    Random random = new Random(seed);
    Path dir = tmp.resolve("killed").resolve(RunWriterChild.RUN);
    Path anchors = tmp.resolve("anchors");
    Map<String, Integer> killedIn = new LinkedHashMap<>();
    List<String> plan = new ArrayList<>();
    for (int i = 0; i < 21; i++) plan.add(i % 4 == 3 ? "random-time" : STEP_PHASES[i % STEP_PHASES.length]);
    plan.addAll(List.of(FINISH_PHASES));

    for (String target : plan) {
      Process p = child(dir, anchors);
      BlockingQueue<String> lines = drain(p);
      String lastPhase = "start";
      if (target.equals("random-time")) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(600));
        for (String l; (l = lines.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
          if (l.startsWith("phase ")) lastPhase = l.split(" ")[1];
        }
      } else {
        // A finishing phase comes once per process; a step phase once per step, so vary how many steps pass first.
        int occurrence = List.of(FINISH_PHASES).contains(target) ? 1 : 1 + random.nextInt(2);
        while (occurrence > 0) {
          String l = lines.poll(60, TimeUnit.SECONDS);
          if (l == null || l.equals("finished")) {
            throw new AssertionError("seed " + seed + ": child ended before reaching " + target + " (" + l + ")");
          }
          if (l.startsWith("phase " + target + " ")) occurrence--;
        }
        lastPhase = target;
        Thread.sleep(random.nextInt((int) SLOW_MS));
      }
      p.destroyForcibly();
      p.waitFor();
      killedIn.merge(lastPhase, 1, Integer::sum);
      if (Files.exists(dir.resolve(RunLayout.MANIFEST))) {
        // Whenever the writer dies, what is on disk is a verifiable prefix of the run.
        Run prefix = RunReader.read(dir);
        prefix.checkFiles();
      }
    }

    Process last = child(dir, anchors);
    BlockingQueue<String> out = drain(last);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, last.exitValue(), "seed " + seed + ": " + String.join("\n", out));

    int kills = killedIn.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("RunWriterKillTest seed " + seed + ", kills by phase: " + killedIn);
    assertTrue(kills >= 20, "kills: " + killedIn);
    assertTrue(killedIn.keySet().size() >= 8, "seed " + seed + ": kills not spread over the phases: " + killedIn);

    Run run = RunReader.read(dir); // every step once, in order, chained; root and checkpoint match the records
    run.checkFiles(); // every proof file matches its record, every file the manifest
    assertTrue(run.finished());
    assertEquals(STEPS, run.steps().size());
    for (int i = 0; i < STEPS; i++) assertEquals(i, run.steps().get(i).step());
    assertEquals(1, run.anchors().receipts().size(), "finishing again after a kill does not anchor twice");
    assertEquals(1, run.anchors().receipts().get(0).counter());

    Path reference = tmp.resolve("reference").resolve(RunWriterChild.RUN);
    try (RunWriter w = RunWriter.create(reference, RunFixtures.spec(RunWriterChild.RUN, CHUNKS), RunFixtures.signer(RunWriterChild.RUN, RunWriterChild.KEY_SEED))) {
      RunFixtures.writeSteps(w, STEPS, PROOF_SIZE);
      w.finish(new FileCounterAnchor(tmp.resolve("reference-anchors"), RunWriterChild.CLOCK));
    }
    Run uninterrupted = RunReader.read(reference);
    assertEquals(uninterrupted.merkleRoot(), run.merkleRoot());
    for (String f : new String[] {RunLayout.STEPS, RunLayout.MERKLE_ROOT, RunLayout.CHECKPOINT, RunLayout.MANIFEST, RunLayout.ANCHORS}) {
      assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(dir.resolve(f)), f + " differs from an uninterrupted run");
    }
  }

  private Process child(Path dir, Path anchors) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder b = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
        RunWriterChild.class.getName(), dir.toString(), anchors.toString(), Integer.toString(STEPS), Integer.toString(CHUNKS),
        Integer.toString(PROOF_SIZE));
    b.environment().put("ZKA_SLOW_MS", Long.toString(SLOW_MS));
    b.redirectErrorStream(true);
    return b.start();
  }

  /** Reads the child's output on a thread of its own, so that the child never blocks on a full pipe. */
  private static BlockingQueue<String> drain(Process p) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) q.add(l);
      } catch (IOException ignored) {
        // the child was killed
      }
    });
    t.setDaemon(true);
    t.start();
    return q;
  }
}
