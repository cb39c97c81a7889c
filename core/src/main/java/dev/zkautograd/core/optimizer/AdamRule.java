package dev.zkautograd.core.optimizer;

import dev.zkautograd.core.CoreException;
import java.math.BigInteger;

/**
 * Adam with bias correction and gradient clipping, in integers (docs/optimizer-rules.md, "Adam").
 * The reference semantics: the trainer applies exactly this, and the Adam AIR accepts exactly its
 * traces. Per-step constants come from {@link AdamSchedule}, which a verifier derives from t.
 *
 * @param learningRate lr, Q32, in (0, 2^32]
 * @param beta1 β1, Q32, in [0, 2^32)
 * @param beta2 β2, Q32, in [0, 2^32)
 * @param epsilon ε, Q32, at least 1
 * @param clip C, Q32, in (0, 2^32): each coordinate is clipped below 1.0 so that v ≤ C² fits 64 bits
 */
public record AdamRule(long learningRate, long beta1, long beta2, long epsilon, long clip) {
  /** Inclusive bound on C: just below 1.0, so that C² &lt; 2^64. */
  public static final long MAX_CLIP = FixedPoint.ONE - 1;

  private static final BigInteger ONE_Q32 = BigInteger.ONE.shiftLeft(32);

  public AdamRule {
    if (learningRate <= 0 || learningRate > FixedPoint.ONE) {
      throw new IllegalArgumentException("learning rate must be in (0, 2^32] in Q32, got " + learningRate);
    }
    if (beta1 < 0 || beta1 >= FixedPoint.ONE || beta2 < 0 || beta2 >= FixedPoint.ONE) {
      throw new IllegalArgumentException("betas must be in [0, 2^32) in Q32");
    }
    if (epsilon < 1) {
      throw new IllegalArgumentException("epsilon must be at least one unit in the last place");
    }
    if (clip <= 0 || clip > MAX_CLIP) {
      throw new IllegalArgumentException("Adam's clip must be in (0, 2^32) in Q32, got " + clip);
    }
  }

  /** The rule for real-valued hyper-parameters, rounded to Q32 (ε to at least one unit). */
  public static AdamRule of(double learningRate, double beta1, double beta2, double epsilon, double clip) {
    return new AdamRule(FixedPoint.encode(learningRate), FixedPoint.encode(beta1), FixedPoint.encode(beta2),
        Math.max(1, FixedPoint.encode(epsilon)), FixedPoint.encode(clip));
  }

  /** The constants of the update that step {@code step} (0-based) applies. */
  public AdamSchedule schedule(long step) {
    return AdamSchedule.of(this, step + 1);
  }

  /**
   * Applies the rule to one parameter.
   *
   * @param moment m, Q32, |m| ≤ C
   * @param secondMoment v, Q64 read as unsigned, v ≤ C²
   * @throws CoreException (BAD_FIELD) if an input or the output is out of the rule's range
   */
  public AdamUpdate update(long weight, long moment, long secondMoment, long gradient, AdamSchedule schedule)
      throws CoreException {
    if (weight < -SgdRule.WEIGHT_BOUND || weight >= SgdRule.WEIGHT_BOUND) {
      throw outOfRange("weight", weight, "-2^47 <= w < 2^47 (Q32)");
    }
    if (gradient <= -SgdRule.GRADIENT_BOUND || gradient >= SgdRule.GRADIENT_BOUND) {
      throw outOfRange("gradient", gradient, "|g| < 2^47 (Q32)");
    }
    if (moment < -clip || moment > clip) {
      throw outOfRange("first moment", moment, "|m| <= C");
    }
    BigInteger v = new BigInteger(Long.toUnsignedString(secondMoment));
    BigInteger c2 = BigInteger.valueOf(clip).pow(2);
    if (v.compareTo(c2) > 0) {
      throw outOfRange("second moment", Long.toUnsignedString(secondMoment), "v <= C^2 (Q64)");
    }
    GradientClip c = GradientClip.of(gradient, clip);
    BigInteger cc = BigInteger.valueOf(c.clipped());

    BigInteger[] m = floorDivMod(BigInteger.valueOf(beta1).multiply(BigInteger.valueOf(moment))
        .add(ONE_Q32.subtract(BigInteger.valueOf(beta1)).multiply(cc)), ONE_Q32);
    BigInteger[] vq = floorDivMod(BigInteger.valueOf(beta2).multiply(v)
        .add(ONE_Q32.subtract(BigInteger.valueOf(beta2)).multiply(cc.multiply(cc))), ONE_Q32);
    // v' ≤ C² < 2^64 (a floored convex combination of v and c², both ≤ C²): it fits, read unsigned.
    long vNext = vq[0].longValue();
    long s = IntegerSquareRoot.ofUnsigned(vNext);
    long es = vq[0].subtract(BigInteger.valueOf(s).pow(2)).longValueExact();
    long d = s + schedule.epsilon();
    BigInteger[] u = floorDivMod(BigInteger.valueOf(schedule.learningRate()).multiply(m[0]), BigInteger.valueOf(d));
    long quotient = u[0].longValueExact();
    long next = weight - quotient;
    if (next < -SgdRule.WEIGHT_BOUND || next >= SgdRule.WEIGHT_BOUND) {
      throw outOfRange("updated weight", next, "-2^47 <= w' < 2^47 (Q32)");
    }
    return new AdamUpdate(weight, c, m[0].longValueExact(), m[1].longValueExact(), vNext, vq[1].longValueExact(), s, es,
        quotient, u[1].longValueExact(), next);
  }

  /** Applies the rule to every parameter of {@code state} for step {@code step} (0-based). */
  public AdamState apply(AdamState state, long[] gradients, long step) throws CoreException {
    if (gradients.length != state.size()) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "state and gradients differ in length")
          .expected(state.size()).actual(gradients.length).build();
    }
    AdamSchedule schedule = schedule(step);
    long[] w = new long[gradients.length];
    long[] m = new long[gradients.length];
    long[] v = new long[gradients.length];
    for (int i = 0; i < gradients.length; i++) {
      AdamUpdate up = update(state.weight(i), state.moment(i), state.secondMoment(i), gradients[i], schedule);
      w[i] = up.next();
      m[i] = up.moment();
      v[i] = up.secondMoment();
    }
    return new AdamState(w, m, v);
  }

  /** Floor division with a non-negative remainder, for negative numerators too. */
  private static BigInteger[] floorDivMod(BigInteger numerator, BigInteger divisor) {
    BigInteger[] qr = numerator.divideAndRemainder(divisor);
    if (qr[1].signum() < 0) {
      qr[0] = qr[0].subtract(BigInteger.ONE);
      qr[1] = qr[1].add(divisor);
    }
    return qr;
  }

  private static CoreException outOfRange(String what, Object value, String expected) {
    return CoreException.of(CoreException.Reason.BAD_FIELD, what + " outside the Adam rule's range")
        .field(what).expected(expected).actual(value).build();
  }
}
