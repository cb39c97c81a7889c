package dev.zkautograd.core.optimizer;

import dev.zkautograd.core.CoreException;

/**
 * Plain SGD with gradient clipping, in integers: {@code w' = w - floor(lr * clip(g) / 2^32)}.
 *
 * <p>All quantities are Q32 ({@link FixedPoint}). The accepted ranges are chosen so that every
 * intermediate stays far below the proof system's field modulus (about 2^128) and every output is
 * range-checked by the AIR with 16-bit limbs:
 *
 * <ul>
 *   <li>weights: −2^47 ≤ w &lt; 2^47 (about ±32768.0), before and after the step — exactly the
 *       range of the AIR's check w + 2^47 ∈ [0, 2^48);
 *   <li>gradients: |g| &lt; 2^47;
 *   <li>learning rate: 0 &lt; lr &le; 2^32 (lr &le; 1.0);
 *   <li>clip bound: 0 &lt; C &le; 2^40 (clip &le; 256.0).
 * </ul>
 *
 * The product lr * c is at most 2^72 in magnitude, computed exactly here without 128-bit
 * arithmetic. See docs/optimizer-rules.md.
 *
 * @param learningRate lr, Q32
 * @param clip C, Q32
 */
public record SgdRule(long learningRate, long clip) {
  /** Weights and updated weights lie in [−WEIGHT_BOUND, WEIGHT_BOUND). */
  public static final long WEIGHT_BOUND = 1L << 47;
  /** Exclusive bound on |g|. */
  public static final long GRADIENT_BOUND = 1L << 47;
  /** Inclusive bound on lr. */
  public static final long MAX_LEARNING_RATE = FixedPoint.ONE;
  /** Inclusive bound on C. */
  public static final long MAX_CLIP = 1L << 40;

  private static final long LOW32 = 0xFFFF_FFFFL;

  /** Validates the hyper-parameters. */
  public SgdRule {
    if (learningRate <= 0 || learningRate > MAX_LEARNING_RATE) {
      throw new IllegalArgumentException("learning rate must be in (0, 2^32] in Q32, got " + learningRate);
    }
    if (clip <= 0 || clip > MAX_CLIP) {
      throw new IllegalArgumentException("clip must be in (0, 2^40] in Q32, got " + clip);
    }
  }

  /** The rule for real-valued hyper-parameters, rounded to Q32. */
  public static SgdRule of(double learningRate, double clip) {
    return new SgdRule(FixedPoint.encode(learningRate), FixedPoint.encode(clip));
  }

  /**
   * Applies the rule to one parameter.
   *
   * @throws CoreException (BAD_FIELD) if an input or the output is out of the accepted range
   */
  public SgdUpdate update(long weight, long gradient) throws CoreException {
    if (weight < -WEIGHT_BOUND || weight >= WEIGHT_BOUND) {
      throw outOfRange("weight", weight);
    }
    if (gradient <= -GRADIENT_BOUND || gradient >= GRADIENT_BOUND) {
      throw outOfRange("gradient", gradient);
    }
    GradientClip clipped = GradientClip.of(gradient, clip);
    long c = clipped.clipped();
    // lr*c = lr*cHigh*2^32 + lr*cLow with cLow in [0, 2^32): the low product fits 64 bits unsigned.
    long cHigh = c >> 32;
    long lowProduct = learningRate * (c & LOW32);
    long quotient = learningRate * cHigh + (lowProduct >>> 32);
    long remainder = lowProduct & LOW32;
    long next = weight - quotient;
    if (next < -WEIGHT_BOUND || next >= WEIGHT_BOUND) {
      throw outOfRange("updated weight", next);
    }
    return new SgdUpdate(weight, gradient, c, clipped.side(), quotient, remainder, next);
  }

  /** Applies the rule to every parameter; returns the new weights. */
  public long[] apply(long[] weights, long[] gradients) throws CoreException {
    if (weights.length != gradients.length) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "weights and gradients differ in length")
          .expected(weights.length)
          .actual(gradients.length)
          .build();
    }
    long[] out = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      out[i] = update(weights[i], gradients[i]).next();
    }
    return out;
  }

  private static CoreException outOfRange(String what, long value) {
    return CoreException.of(CoreException.Reason.BAD_FIELD, what + " outside the SGD rule's range")
        .field(what)
        .expected("-2^47 <= value < 2^47 (Q32)")
        .actual(value)
        .build();
  }
}
