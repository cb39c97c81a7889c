package dev.zkautograd.core.optimizer;

/**
 * What Adam carries from step to step: weights and first moments in Q32, second moments in Q64
 * (read as unsigned 64-bit integers). Immutable: the arrays are copied in and out.
 */
public final class AdamState {
  private final long[] weights;
  private final long[] moments;
  private final long[] secondMoments;

  public AdamState(long[] weights, long[] moments, long[] secondMoments) {
    if (moments.length != weights.length || secondMoments.length != weights.length) {
      throw new IllegalArgumentException("weights, first and second moments differ in length");
    }
    this.weights = weights.clone();
    this.moments = moments.clone();
    this.secondMoments = secondMoments.clone();
  }

  /** The base model's weights with zero moments. */
  public static AdamState initial(long[] weights) {
    return new AdamState(weights, new long[weights.length], new long[weights.length]);
  }

  public int size() {
    return weights.length;
  }

  public long weight(int i) {
    return weights[i];
  }

  public long moment(int i) {
    return moments[i];
  }

  public long secondMoment(int i) {
    return secondMoments[i];
  }

  /** A copy of the weights. */
  public long[] weights() {
    return weights.clone();
  }

  /** A copy of the first moments. */
  public long[] moments() {
    return moments.clone();
  }

  /** A copy of the second moments (Q64, unsigned). */
  public long[] secondMoments() {
    return secondMoments.clone();
  }
}
