package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.zk.backend.StarkBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code open-model}: the trained state opens against a real run, any other state does not. */
class OpenModelCommandTest {
  @TempDir Path tmp;

  @Test
  void the_final_adam_state_opens_and_a_changed_one_does_not() throws Exception {
    TrainingState last = ProvenRun.write(tmp.resolve("run-open"), tmp.resolve("anchors"), "run-open", 3, new StarkBackend(),
        ProvenRule.adam(AdamRule.of(0.01, 0.9, 0.999, 1e-8, 0.99)));
    Path seed = Files.write(tmp.resolve("blinding.seed"), new byte[32]);
    Path state = Files.write(tmp.resolve("final.state"),
        ModelState.of(last.weights(), last.moments(), last.secondMoments()).toBytes());
    String run = tmp.resolve("run-open").toString();

    Cli good = Cli.withProofs("open-model", "--run", run, "--weights", state.toString(), "--master-seed", seed.toString());
    assertEquals(0, good.exit(), good::toString);
    assertTrue(good.out().contains("OPENED: the state is the run's final state"), good::toString);

    long[] w = last.weights();
    w[40] += 1; // one weight, in chunk 1 of 2
    Path other = Files.write(tmp.resolve("other.state"), ModelState.of(w, last.moments(), last.secondMoments()).toBytes());
    Cli bad = Cli.withProofs("open-model", "--run", run, "--weights", other.toString(), "--master-seed", seed.toString());
    assertEquals(Main.EXIT_CHECK_FAILED, bad.exit(), bad::toString);
    assertTrue(bad.out().matches("(?s).*chunk 0 .*MATCH .*\\nchunk 1 .*MISMATCH .*field chunks\\[1\\]\\.state_out.*"), bad::toString);

    Cli base = Cli.withProofs("open-model", "--run", run, "--weights", state.toString(), "--master-seed", seed.toString(),
        "--state", "base");
    assertEquals(Main.EXIT_CHECK_FAILED, base.exit(), "the final state is not the base state:\n" + base);

    Path sgdShaped = Files.write(tmp.resolve("sgd.state"), ModelState.weightsOnly(last.weights()).toBytes());
    Cli shape = Cli.withProofs("open-model", "--run", run, "--weights", sgdShaped.toString(), "--master-seed", seed.toString());
    assertEquals(Main.EXIT_BAD_INPUT, shape.exit(), shape::toString);
    assertTrue(shape.err().contains("does not have the run's shape"), shape::toString);
  }
}
