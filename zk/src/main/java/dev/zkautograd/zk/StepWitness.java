package dev.zkautograd.zk;

/**
 * The secret inputs of one step: the chunk's weights and gradients (Q32), the optimizer state it
 * carries besides the weights (Adam's first and second moments; empty for SGD) and the blinding seeds
 * of the two states it connects. Never serialised; read it only to prove.
 *
 * @param weights w_t of the chunk
 * @param gradients g_t of the chunk
 * @param stateInSeed seed of state t
 * @param stateOutSeed seed of state t+1
 * @param moments Adam's m_t of the chunk (Q32), empty for SGD
 * @param secondMoments Adam's v_t of the chunk (Q64, unsigned), empty for SGD
 */
public record StepWitness(long[] weights, long[] gradients, BlindingSeed stateInSeed, BlindingSeed stateOutSeed,
    long[] moments, long[] secondMoments) {

  /** An SGD witness: weights and gradients only. */
  public StepWitness(long[] weights, long[] gradients, BlindingSeed stateInSeed, BlindingSeed stateOutSeed) {
    this(weights, gradients, stateInSeed, stateOutSeed, new long[0], new long[0]);
  }

  /** An Adam witness: weights, both moments and gradients of the chunk. */
  public static StepWitness adam(long[] weights, long[] moments, long[] secondMoments, long[] gradients,
      BlindingSeed stateInSeed, BlindingSeed stateOutSeed) {
    return new StepWitness(weights, gradients, stateInSeed, stateOutSeed, moments, secondMoments);
  }

  @Override
  public String toString() {
    return "StepWitness[secret, " + weights.length + " parameters]";
  }
}
