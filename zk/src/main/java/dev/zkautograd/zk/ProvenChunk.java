package dev.zkautograd.zk;

/**
 * A chunk's proof and, for a backend whose circuit computes the update in arithmetic of its own (EZKL's
 * fixed point), the chunk's state after the step as the proof states it. The trainer must apply that
 * state, not its own rule, so that the chain of proofs describes the trained model.
 *
 * @param proof the chunk's proof
 * @param computedState the state after the step as computed by the proven circuit, or null where the
 *     backend proves the declared integer rule of {@code core.optimizer} (the STARK), which the trainer applies itself
 */
public record ProvenChunk(StepProof proof, ChunkState computedState) {

  /** A proof of the declared integer rule. */
  public static ProvenChunk ofDeclaredRule(StepProof proof) {
    return new ProvenChunk(proof, null);
  }

  /**
   * One chunk's optimizer state in the trainer's formats: weights and first moments Q32, second moments
   * in an unsigned Q64 slot (the STARK's v; a backend with another representation documents it); the
   * moments are empty for SGD. Secret.
   */
  public record ChunkState(long[] weights, long[] moments, long[] secondMoments) {
    public ChunkState {
      weights = weights.clone();
      moments = moments.clone();
      secondMoments = secondMoments.clone();
    }

    @Override
    public long[] weights() {
      return weights.clone();
    }

    @Override
    public long[] moments() {
      return moments.clone();
    }

    @Override
    public long[] secondMoments() {
      return secondMoments.clone();
    }

    @Override
    public String toString() {
      return "ChunkState[secret, " + weights.length + " parameters]";
    }
  }
}
