package dev.zkautograd.zk.backend;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.prover.RandomSource;
import dev.zkautograd.zk.prover.StarkProver;

/**
 * Opens a model state: recomputes the state root a run published from the state's values and its
 * blinding seed. Because the {@code state_out} codeword of step t is the {@code state_in} codeword of
 * step t+1, the root of a state is the {@code state_in} root of any step that starts from it, with
 * that step's statement and the run's proof parameters — the final state T under the statement of a
 * step T, the base model under step 0's. Revealing one state's seed reveals nothing of the others
 * (each is derived from the master secret separately).
 */
public final class StateOpening {
  private StateOpening() {}

  /**
   * The root of the chunk state {@code weights} (and, for Adam, {@code moments}, {@code
   * secondMoments}; empty for SGD) blinded by {@code seed}.
   *
   * @param startingStep the statement of a step that starts from this state (only its chunk, limb
   *     width and rule matter; the gradient is not needed)
   * @param params the proof parameters of the run's proofs of that chunk
   * @throws VerificationException WITNESS_REJECTED if the values are outside the rule's ranges
   */
  public static Digest root(StepStatement startingStep, ProofParameters params, long[] weights, long[] moments,
      long[] secondMoments, BlindingSeed seed) throws VerificationException {
    long[] noGradient = new long[weights.length];
    StepWitness witness = moments.length == 0
        ? new StepWitness(weights, noGradient, seed, seed)
        : StepWitness.adam(weights, moments, secondMoments, noGradient, seed, seed);
    StarkBackend.Prepared p = StarkBackend.prepare(startingStep, witness);
    return Digest.of(new StarkProver(params, RandomSource.secure()).commitState(p.air(), p.trace(), StepAir.STATE_IN, seed));
  }
}
