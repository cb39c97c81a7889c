package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} with a user's model and data (docs/trainer.md): a short DJL fine-tuning run with real
 * STARK proofs lowers the held-out loss and passes {@code verify} in full; its private base and
 * final states open against the run's first and last state roots; bad files are refused with the
 * file, line and field before anything is trained.
 */
class DemoCommandTest {
  @TempDir Path tmp;
  Path model;
  Path data;

  @BeforeEach
  void files() throws Exception {
    MlpArchitecture arch = MlpArchitecture.of(5, 12, 3);
    SplittableRandom r = new SplittableRandom(4);
    model = Files.write(tmp.resolve("base.zkml"),
        MlpModel.ofReal(arch, r.doubles(arch.parameterCount(), -0.4, 0.4).toArray()).toBytes());
    double[][] centres = new double[3][5];
    for (double[] c : centres) for (int j = 0; j < 5; j++) c[j] = 1.5 * r.nextGaussian();
    StringBuilder s = new StringBuilder("a,b,c,d,e,kind\n");
    for (int i = 0; i < 200; i++) {
      int y = r.nextInt(3);
      for (int j = 0; j < 5; j++) s.append(String.format(Locale.ROOT, "%.5f,", centres[y][j] + r.nextGaussian()));
      s.append(y).append('\n');
    }
    data = Files.writeString(tmp.resolve("train.csv"), s);
  }

  @Test
  void aShortProvenFineTuningRunLowersTheHeldOutLossAndVerifies() throws Exception {
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
  void aBadDataFileIsRefusedWithItsLineAndField() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "a,b,c,d,e,kind\n1,2,3,4,5,0\n1,n/a,3,4,5,1\n");
    Cli c = Cli.withProofs("demo", "--model", model.toString(), "--data", bad.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c::toString);
    assertTrue(c.err().contains("[file " + bad + ", line 3, field 2 (b)]"), c::toString);
    assertTrue(Files.notExists(tmp.resolve("o")), "nothing was written");
  }

  @Test
  void aBadModelFileIsRefusedWithItsField() throws Exception {
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
}
