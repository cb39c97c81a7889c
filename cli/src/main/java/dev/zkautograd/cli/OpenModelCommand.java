package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.VerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks that a released model state is the one a run produced (or started from): recomputes each
 * chunk's state root from the values and the blinding seed and compares it with the run's records
 * (docs/proof-system.md, "Opening a state").
 */
@Command(
    name = "open-model",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a released model state (docs/formats/model-state.md) is the state a run produced",
      "(--state final) or started from (--state base), from the state's values and the run's blinding",
      "master seed. Exit 0 when every chunk's root matches the run's records, 1 when one does not."
    })
final class OpenModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, description = "The run directory.")
  Path run;

  @Option(names = "--weights", required = true, description = "The released model state (zk-autograd/model-state/v1).")
  Path weights;

  @Option(names = "--master-seed", required = true,
      description = "The run's 32-byte blinding master secret (the demo keeps it in artifacts/.private/<run>/blinding.seed).")
  Path masterSeed;

  @Option(names = "--state", defaultValue = "final", description = "final (after the last step) or base (before step 0); default: ${DEFAULT-VALUE}.")
  String which;

  @Override
  public Integer call() throws CoreException, IOException, VerificationException {
    PrintWriter out = spec.commandLine().getOut();
    if (!which.equals("final") && !which.equals("base")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--state: '" + which + "' is not final or base");
    }
    Run r = RunReader.read(run);
    List<StepRecord> steps = r.steps();
    if (steps.isEmpty()) {
      throw CoreException.of(CoreException.Reason.STEP_SEQUENCE, "the run has no steps, so no state to open").build();
    }
    ModelState state;
    try {
      state = ModelState.parse(Files.readAllBytes(weights));
    } catch (CoreException e) {
      throw e.at(weights.toString(), null);
    }
    SecretBytes master = PrivateFolder.readMasterSeed(masterSeed);

    boolean isFinal = which.equals("final");
    StepRecord record = isFinal ? steps.get(steps.size() - 1) : steps.get(0);
    long stateIndex = isFinal ? record.step() + 1 : record.step();
    StateRoots.checkShape(record, state, weights.toString());
    out.printf("open-model: %s state %d of %s (%d parameters, %d chunks)%n", which, stateIndex, r.manifest().spec().runId(),
        state.size(), record.draft().chunks().size());
    int mismatches = 0;
    for (ChunkEntry chunk : record.draft().chunks()) {
      Digest root = StateRoots.root(r, record, chunk, stateIndex, state, master);
      int from = Math.toIntExact(chunk.offset());
      int to = Math.toIntExact(chunk.offset() + chunk.length());
      Digest published = isFinal ? chunk.stateOut() : chunk.stateIn();
      boolean match = root.equals(published);
      mismatches += match ? 0 : 1;
      out.printf("chunk %d  [%d, %d)  %s  %s%n", chunk.index(), from, to, match ? "MATCH   " : "MISMATCH",
          match ? root.hex() : "recomputed " + root.hex() + ", the run published " + published.hex()
              + " [file steps.jsonl, step " + record.step() + ", field chunks[" + chunk.index() + "]."
              + (isFinal ? "state_out" : "state_in") + "]");
    }
    out.println(mismatches == 0 ? "OPENED: the state is the run's " + which + " state"
        : "NOT OPENED: " + mismatches + " chunk(s) differ from the run's " + which + " state");
    out.flush();
    return mismatches == 0 ? 0 : Main.EXIT_CHECK_FAILED;
  }
}
