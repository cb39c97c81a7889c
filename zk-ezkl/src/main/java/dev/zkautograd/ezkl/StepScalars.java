package dev.zkautograd.ezkl;

import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepStatement;
import java.math.BigInteger;
import java.util.List;

/**
 * The scalar inputs of a step graph, in grid units, from a statement alone: what the prover feeds and
 * what the verifier expects the proof's hashed inputs to be (docs/ezkl-backend.md, "Public inputs").
 * Adam: lr, β1, β2, ε, bc1 = 1/(1 − β1^(t+1)), bc2 = sqrt((1 − β2)/(1 − β2^(t+1))) (the circuit carries
 * u = v/(1 − β2), so sqrt(v̂) = sqrt(u')·bc2), clip; SGD: lr, clip. The
 * learning rate and ε are at least one unit, so that a step moves and never divides by zero.
 *
 * <p>The bias corrections are computed in integers, so that the on-chain check ({@code
 * EzklStepProofs.scalars}) gets the same values: β^t in Q128 by square-and-multiply with each product
 * rounded down, then bc1 = round(2^s / (1 − β1^t)) and bc2 = round(2^s · sqrt((1 − β2)/(1 − β2^t))),
 * rounding halves up (docs/ezkl-backend.md, "The circuit").
 */
public final class StepScalars {
  private StepScalars() {}

  /** The scalar inputs of {@code statement}'s step on {@code grid}, in graph order. */
  public static long[] of(StepStatement statement, FixedPointGrid grid) {
    List<Long> h = statement.hyperParameters();
    if (statement.optimizer() == OptimizerKind.SGD) {
      return new long[] {Math.max(1, grid.unitsOfQ32(h.get(0))), grid.unitsOfQ32(h.get(1))};
    }
    long lr = h.get(0);
    long beta1 = h.get(1);
    long beta2 = h.get(2);
    long eps = h.get(3);
    long clip = h.get(4);
    long t = statement.step() + 1;
    BigInteger d1 = ONE.subtract(power(beta1, t));
    BigInteger d2 = ONE.subtract(power(beta2, t));
    BigInteger bc1 = BigInteger.ONE.shiftLeft(grid.scale() + POWER_BITS + 1).add(d1).divide(d1.shiftLeft(1));
    BigInteger bc2 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.valueOf(beta2)).shiftLeft(POWER_BITS - 32 + 2 * grid.scale() + 2)
        .divide(d2).sqrt().add(BigInteger.ONE).shiftRight(1);
    return new long[] {
      Math.max(1, grid.unitsOfQ32(lr)),
      grid.unitsOfQ32(beta1),
      grid.unitsOfQ32(beta2),
      Math.max(1, grid.unitsOfQ32(eps)),
      bc1.longValueExact(),
      bc2.longValueExact(),
      grid.unitsOfQ32(clip)
    };
  }

  /** Fractional bits of the powers β^t. */
  static final int POWER_BITS = 128;

  private static final BigInteger ONE = BigInteger.ONE.shiftLeft(POWER_BITS);

  /**
   * β^t for a Q32 β in [0, 1), in Q128: square-and-multiply from the exponent's low bit, each product
   * rounded down (t unsigned).
   */
  static BigInteger power(long beta, long t) {
    BigInteger r = ONE;
    BigInteger b = BigInteger.valueOf(beta).shiftLeft(POWER_BITS - 32);
    for (long e = t; e != 0; e >>>= 1) {
      if ((e & 1) != 0) r = r.multiply(b).shiftRight(POWER_BITS);
      b = b.multiply(b).shiftRight(POWER_BITS);
    }
    return r;
  }
}
