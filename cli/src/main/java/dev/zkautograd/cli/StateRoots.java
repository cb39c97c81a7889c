package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.zk.backend.StateOpening;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import java.util.Arrays;

/**
 * The state roots a STARK run published, recomputed from a model state and the run's blinding master
 * seed (docs/proof-system.md, "Opening a state"): what {@code open-model} shows and what {@code demo
 * --resume} requires of the saved state it continues from.
 */
final class StateRoots {
  private static final long MAX_PROOF_BYTES = 64L << 20;

  private StateRoots() {}

  /** Refuses a state that does not have the run's shape: its parameter count, and Adam's moments where the run's rule is Adam. */
  static void checkShape(StepRecord record, ModelState state, String file) throws CoreException {
    boolean adam = record.draft().optimizer() instanceof OptimizerSpec.Adam;
    if (state.size() != record.draft().params() || state.hasMoments() != adam) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "the state does not have the run's shape")
          .file(file).expected(record.draft().params() + " parameters" + (adam ? " with Adam's moments" : ""))
          .actual(state.size() + " parameters" + (state.hasMoments() ? " with moments" : "")).build();
    }
  }

  /**
   * The root of {@code chunk}'s slice of {@code state} as state {@code stateIndex} (the state step {@code
   * stateIndex} starts from), under the seed the master seed derives for it; {@code record} is a step whose proof
   * of that chunk gives the proof parameters.
   */
  static Digest root(Run run, StepRecord record, ChunkEntry chunk, long stateIndex, ModelState state, SecretBytes master)
      throws CoreException, VerificationException {
    StepStatement statement = RecordedStepVerifier.publicInputs(record, chunk).statement().withStep(stateIndex);
    ProofParameters params;
    try {
      params = ProofCodec.decode(run.files().read(chunk.proof().value(), MAX_PROOF_BYTES)).params();
    } catch (VerificationException e) {
      throw CoreException.of(CoreException.Reason.PROOF_INVALID, "cannot read the proof parameters: " + e.getMessage())
          .file(chunk.proof().value()).step(record.step()).build(e);
    }
    int from = Math.toIntExact(chunk.offset());
    int to = Math.toIntExact(chunk.offset() + chunk.length());
    boolean moments = state.hasMoments();
    return StateOpening.root(statement, params, Arrays.copyOfRange(state.weights(), from, to),
        moments ? Arrays.copyOfRange(state.moments(), from, to) : new long[0],
        moments ? Arrays.copyOfRange(state.secondMoments(), from, to) : new long[0],
        BlindingSeed.derive(master, chunk.index(), stateIndex));
  }
}
