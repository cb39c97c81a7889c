package dev.zkautograd.trainer;

import java.util.Arrays;

/**
 * What the optimizer carries from one step to the next, in the proven formats: the weights (Q32)
 * and, for Adam, the first (Q32) and second (Q64) moments; SGD's moments are empty. Secret: it
 * never leaves the trainer and the prover. Immutable: arrays are copied in and out.
 */
public final class TrainingState {
  private final long[] weights;
  private final long[] moments;
  private final long[] secondMoments;

  public TrainingState(long[] weights, long[] moments, long[] secondMoments) {
    if ((moments.length != 0 || secondMoments.length != 0)
        && (moments.length != weights.length || secondMoments.length != weights.length)) {
      throw new IllegalArgumentException("moments must be empty or as long as the weights");
    }
    this.weights = weights.clone();
    this.moments = moments.clone();
    this.secondMoments = secondMoments.clone();
  }

  public int size() {
    return weights.length;
  }

  public long[] weights() {
    return weights.clone();
  }

  public long[] moments() {
    return moments.clone();
  }

  public long[] secondMoments() {
    return secondMoments.clone();
  }

  /** Whether this state carries moments (an Adam state). */
  public boolean hasMoments() {
    return moments.length != 0;
  }

  /** The chunk [from, to) of each array, for one chunk's witness. */
  TrainingState slice(int from, int to) {
    return new TrainingState(Arrays.copyOfRange(weights, from, to),
        hasMoments() ? Arrays.copyOfRange(moments, from, to) : moments,
        hasMoments() ? Arrays.copyOfRange(secondMoments, from, to) : secondMoments);
  }

  @Override
  public String toString() {
    return "TrainingState[secret, " + weights.length + " parameters]";
  }
}
