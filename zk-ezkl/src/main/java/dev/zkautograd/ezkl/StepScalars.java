package dev.zkautograd.ezkl;

import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepStatement;
import java.util.List;

/**
 * The scalar inputs of a step graph, in grid units, from a statement alone: what the prover feeds and
 * what the verifier expects the proof's hashed inputs to be (docs/ezkl-backend.md, "Public inputs").
 * Adam: lr, β1, β2, ε, bc1 = 1/(1 − β1^(t+1)), bc2 = sqrt((1 − β2)/(1 − β2^(t+1))) (the circuit carries
 * u = v/(1 − β2), so sqrt(v̂) = sqrt(u')·bc2), clip; SGD: lr, clip. The
 * learning rate and ε are at least one unit, so that a step moves and never divides by zero.
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
    return new long[] {
      Math.max(1, grid.unitsOfQ32(lr)),
      grid.unitsOfQ32(beta1),
      grid.unitsOfQ32(beta2),
      Math.max(1, grid.unitsOfQ32(eps)),
      grid.unitsOf(1.0 / (1.0 - power(beta1, t))),
      grid.unitsOf(StrictMath.sqrt((1.0 - FixedPoint.decode(beta2)) / (1.0 - power(beta2, t)))),
      grid.unitsOfQ32(clip)
    };
  }

  /** β^t for a Q32 β, in StrictMath so that every verifier gets the same double. */
  static double power(long beta, long t) {
    return StrictMath.pow(FixedPoint.decode(beta), (double) t);
  }
}
