package dev.zkautograd.core.optimizer;

/**
 * The Q32 fixed-point format shared by weights, gradients and learning rates: a real value x is
 * stored as the signed 64-bit integer round(x * 2^32).
 */
public final class FixedPoint {
  /** Fractional bits of every Q32 quantity. */
  public static final int FRAC_BITS = 32;
  /** 2^32 = the Q32 encoding of 1.0. */
  public static final long ONE = 1L << FRAC_BITS;

  private FixedPoint() {}

  /**
   * Encodes {@code x} as round-half-away-from-zero(x * 2^32).
   *
   * @throws IllegalArgumentException if x is not finite or does not fit in 63 bits
   */
  public static long encode(double x) {
    double scaled = x * ONE;
    if (!Double.isFinite(scaled) || Math.abs(scaled) >= 0x1p62) {
      throw new IllegalArgumentException("value out of Q32 range: " + x);
    }
    return Math.round(scaled);
  }

  /** The real value of a Q32 integer. */
  public static double decode(long q) {
    return q / (double) ONE;
  }
}
