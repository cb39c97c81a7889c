package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, small (a user's 111-parameter model and CSV data, docs/trainer.md): DJL
 * fine-tunes it with a proof of every step, locally or through the prover service over a real
 * socket on 127.0.0.1 (pipelined, the service attesting over the run's nonce and signing every
 * step); the run verifies in full — proofs with production parameters, step signatures, the
 * attestation against the local root and PCR policy — the held-out loss falls, and the private base
 * and final states open against the run's first and last state roots. The service's run fails
 * against a wrong PCR and a foreign root, and without a trust root its attestation is skipped, not
 * passed. Bad files are refused with the file, line and field before anything is trained.
 */
class DemoCommandTest {
  @TempDir static Path out;
  @TempDir static Path inputs;
  static Path model;
  static Path data;
  static Cli demo;
  static Path run;

  @BeforeAll
  static void runDemo() throws Exception {
    MlpArchitecture arch = MlpArchitecture.of(5, 12, 3);
    SplittableRandom r = new SplittableRandom(4);
    model = Files.write(inputs.resolve("base.zkml"),
        MlpModel.ofReal(arch, r.doubles(arch.parameterCount(), -0.4, 0.4).toArray()).toBytes());
    double[][] centres = new double[3][5];
    for (double[] c : centres) for (int j = 0; j < 5; j++) c[j] = 1.5 * r.nextGaussian();
    StringBuilder s = new StringBuilder("a,b,c,d,e,kind\n");
    for (int i = 0; i < 200; i++) {
      int y = r.nextInt(3);
      for (int j = 0; j < 5; j++) s.append(String.format(Locale.ROOT, "%.5f,", centres[y][j] + r.nextGaussian()));
      s.append(y).append('\n');
    }
    data = Files.writeString(inputs.resolve("train.csv"), s);
    demo = Cli.withProofs("demo", "--prover", "service", "--model", model.toString(), "--data", data.toString(), "--steps", "3",
        "--chunks", "2", "--lr", "0.05", "--batch", "64", "--out", out.toString());
    try (Stream<Path> runs = Files.list(out)) {
      run = runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
    }
  }

  static String pcr(int i) {
    return i + "=" + HexFormat.of().formatHex(LocalAttestor.defaultPcrs().get(i));
  }

  @Test
  void the_demo_with_the_prover_service_writes_a_signed_attested_run_that_verifies() {
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("STARK proofs by the prover service at 127.0.0.1:"), demo::toString);
    assertTrue(demo.out().contains("every step is signed by ed25519:"), demo::toString);
    assertTrue(demo.out().contains("overhead"), demo::toString);
    assertTrue(demo.out().contains("steps.signature       PASS    all 3 records signed by the declared prover key"), demo::toString);
    assertTrue(demo.out().contains("prover.attestation    PASS    Nitro document of zk-autograd-local-prover"), demo::toString);
    assertTrue(demo.out().contains("PASSED"), demo::toString);
    assertTrue(demo.out().contains("torrent of the run's files (its info-hash is in the signed manifest): magnet:?xt=urn:btih:"), demo::toString);
    assertTrue(demo.out().contains("manifest.torrent      PASS    info-hash "), demo::toString);
  }

  @Test
  void the_attestation_is_refused_under_a_wrong_pcr_or_a_foreign_root_and_skipped_without_a_root(@TempDir Path other) throws Exception {
    String root = out.resolve(".prover").resolve(LocalAttestor.ROOT_CERT).toString();
    String wrongPcr0 = "0=" + "00".repeat(48);
    Cli wrong = Cli.run("verify", "--run", run.toString(), "--trust-root", root, "--pcr", wrongPcr0, "--pcr", pcr(1));
    assertEquals(1, wrong.exit(), wrong::toString);
    assertTrue(wrong.out().contains("prover.attestation    FAIL    PCR_MISMATCH: PCR0 is not the policy's value"), wrong::toString);

    LocalAttestor foreign = LocalAttestor.open(other, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    Cli untrusted = Cli.run("verify", "--run", run.toString(), "--trust-root", other.resolve(LocalAttestor.ROOT_CERT).toString());
    assertEquals(1, untrusted.exit(), untrusted::toString);
    assertTrue(untrusted.out().contains("prover.attestation    FAIL    UNTRUSTED_ROOT"), untrusted::toString);
    assertTrue(foreign.root() != null);

    Cli noRoot = Cli.run("verify", "--run", run.toString());
    assertEquals(0, noRoot.exit(), noRoot::toString);
    assertTrue(noRoot.out().contains("prover.attestation    SKIP    no attestation trust root given"), noRoot::toString);

    Cli pcrWithoutRoot = Cli.run("verify", "--run", run.toString(), "--pcr", pcr(0));
    assertEquals(2, pcrWithoutRoot.exit(), pcrWithoutRoot::toString);
  }

  @Test
  void aShortProvenFineTuningRunInThisProcessLowersTheHeldOutLossAndVerifies(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("artifacts");
    Cli c = Cli.withProofs("demo", "--model", model.toString(), "--data", data.toString(), "--steps", "3", "--chunks", "2",
        "--lr", "0.05", "--batch", "64", "--out", out.toString());
    assertEquals(0, c.exit(), c::toString);
    assertTrue(c.out().contains("fine-tuning MLP 5-12-3 (111 parameters"), c::toString);
    assertTrue(c.out().contains("PASSED"), c::toString);
    assertTrue(c.out().matches("(?s).*proof\\.verify +PASS +6 proofs of all 3 steps verify.*"), c::toString);
    Matcher m = Pattern.compile("held out, fine-tuned model: loss ([0-9.]+), accuracy [0-9.]+% \\(base model: ([0-9.]+),")
        .matcher(c.out());
    assertTrue(m.find(), c::toString);
    assertTrue(Double.parseDouble(m.group(1)) < Double.parseDouble(m.group(2)), "held-out loss falls: " + m.group());

    Path run;
    try (Stream<Path> runs = Files.list(out).filter(p -> p.getFileName().toString().startsWith("run-"))) {
      run = runs.findFirst().orElseThrow();
    }
    Path secrets = out.resolve(".private").resolve(run.getFileName());
    assertTrue(Files.readString(run.resolve("run_manifest.json")).contains("\"name\":\"mlp-5-12-3\""));
    for (String state : new String[] {"base", "final"}) {
      Cli open = Cli.withProofs("open-model", "--run", run.toString(), "--weights", secrets.resolve(state + ".state").toString(),
          "--master-seed", secrets.resolve("blinding.seed").toString(), "--state", state);
      assertEquals(0, open.exit(), state + ":\n" + open);
    }
  }

  @Test
  void aBadDataFileIsRefusedWithItsLineAndField(@TempDir Path tmp) throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "a,b,c,d,e,kind\n1,2,3,4,5,0\n1,n/a,3,4,5,1\n");
    Cli c = Cli.withProofs("demo", "--model", model.toString(), "--data", bad.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c::toString);
    assertTrue(c.err().contains("[file " + bad + ", line 3, field 2 (b)]"), c::toString);
    assertTrue(Files.notExists(tmp.resolve("o")), "nothing was written");
  }

  @Test
  void aBadModelFileIsRefusedWithItsField(@TempDir Path tmp) throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    bytes[7] = 0; // no layers
    Path bad = Files.write(tmp.resolve("bad.zkml"), bytes);
    Cli c = Cli.withProofs("demo", "--model", bad.toString(), "--data", data.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c::toString);
    assertTrue(c.err().contains("[file " + bad + ", field layers]"), c::toString);

    Cli noData = Cli.withProofs("demo", "--model", model.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, noData.exit(), noData::toString);
    assertTrue(noData.err().contains("give --data CSV for the model"), noData::toString);
  }

  @Test
  void theGeneratedTaskOfParamsTakesNoModelOrData(@TempDir Path tmp) throws Exception {
    Cli c = Cli.withProofs("demo", "--params", "64", "--model", model.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c::toString);
    assertTrue(c.err().contains("--params trains the generated linear-regression task: it does not take --model, --data or --batch"),
        c::toString);
    Cli zero = Cli.withProofs("demo", "--params", "0", "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, zero.exit(), zero::toString);
    assertTrue(zero.err().contains("--params must be at least 1, not 0"), zero::toString);
    assertTrue(Files.notExists(tmp.resolve("o")), "nothing was written");
  }
}
