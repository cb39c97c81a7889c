package dev.zkautograd.zk;

/**
 * The secret inputs of one step: the chunk's weights and gradients (Q32) and the blinding seeds of
 * the two states it connects. Never serialised; read it only to prove.
 *
 * @param weights w_t of the chunk
 * @param gradients g_t of the chunk
 * @param stateInSeed seed of state t
 * @param stateOutSeed seed of state t+1
 */
public record StepWitness(long[] weights, long[] gradients, BlindingSeed stateInSeed, BlindingSeed stateOutSeed) {
  @Override
  public String toString() {
    return "StepWitness[secret, " + weights.length + " parameters]";
  }
}
