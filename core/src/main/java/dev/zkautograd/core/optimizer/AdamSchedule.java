package dev.zkautograd.core.optimizer;

import java.math.BigInteger;

/**
 * The two per-step constants of integer Adam that fold in the bias corrections, derived from the
 * update number alone so that a verifier computes them itself (docs/optimizer-rules.md, "The
 * schedule").
 *
 * @param t the update number, step + 1
 * @param learningRate lr_t = lr · sqrt(1 − β2^t) / (1 − β1^t), Q32
 * @param epsilon ε_t = max(1, ε · sqrt(1 − β2^t)), Q32
 */
public record AdamSchedule(long t, long learningRate, long epsilon) {
  /** Inclusive bound on lr_t, which keeps lr_t · m' below 2^80. */
  public static final long MAX_STEP_LEARNING_RATE = 1L << 40;

  private static final BigInteger ONE_Q64 = BigInteger.ONE.shiftLeft(64);

  /** The constants of update {@code t} (≥ 1) of {@code rule}. */
  public static AdamSchedule of(AdamRule rule, long t) {
    if (t < 1) {
      throw new IllegalArgumentException("Adam's update number starts at 1, not " + t);
    }
    BigInteger bc1 = ONE_Q64.subtract(power(rule.beta1(), t));
    BigInteger bc2 = ONE_Q64.subtract(power(rule.beta2(), t));
    BigInteger sb2 = IntegerSquareRoot.of(bc2.shiftLeft(64));
    BigInteger lr = BigInteger.valueOf(rule.learningRate()).multiply(sb2).divide(bc1);
    if (lr.compareTo(BigInteger.valueOf(MAX_STEP_LEARNING_RATE)) > 0) {
      throw new IllegalArgumentException("lr·sqrt(1−β2^t)/(1−β1^t) exceeds 2^40 at t = " + t + ": lower lr or β1");
    }
    long eps = BigInteger.valueOf(rule.epsilon()).multiply(sb2).shiftRight(64).longValueExact();
    return new AdamSchedule(t, lr.longValueExact(), Math.max(1, eps));
  }

  /** β^t in Q64 by square-and-multiply, most significant bit of t first, each product floored. */
  static BigInteger power(long betaQ32, long t) {
    BigInteger base = BigInteger.valueOf(betaQ32).shiftLeft(32);
    BigInteger acc = ONE_Q64;
    for (int bit = 63 - Long.numberOfLeadingZeros(t); bit >= 0; bit--) {
      acc = acc.multiply(acc).shiftRight(64);
      if (((t >>> bit) & 1) == 1) {
        acc = acc.multiply(base).shiftRight(64);
      }
    }
    return acc;
  }
}
