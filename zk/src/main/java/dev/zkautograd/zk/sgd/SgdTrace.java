package dev.zkautograd.zk.sgd;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.optimizer.SgdUpdate;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.field.Felt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the main columns of the SGD AIR from weights and gradients by running the reference rule
 * ({@link SgdRule}) on every parameter: the trace is exactly what the rule produces.
 */
public final class SgdTrace {
  private SgdTrace() {}

  /**
   * The main columns (by name) for this AIR.
   *
   * @throws VerificationException WITNESS_REJECTED if an input is outside the rule's ranges
   */
  public static Map<String, long[]> build(SgdAir air, long[] weights, long[] gradients) throws VerificationException {
    int len = air.stepStatement().length();
    if (weights.length != len || gradients.length != len) {
      throw VerificationException.of(Reason.WITNESS_REJECTED, "witness length differs from the statement", len,
          weights.length + "/" + gradients.length);
    }
    int n = air.traceLength();
    SgdRule rule = new SgdRule(air.stepStatement().hyperParameters().get(0), air.stepStatement().hyperParameters().get(1));
    Map<String, long[]> cols = new HashMap<>();
    for (String name : List.of("w", "w_next", "active")) {
      cols.put(name, new long[2 * n]);
    }
    air.clip().allocate(cols, n);
    air.remainder().allocate(cols, n);
    air.output().allocate(cols, n);
    for (int i = 0; i < n; i++) {
      SgdUpdate u;
      if (i < len) {
        try {
          u = rule.update(weights[i], gradients[i]);
        } catch (CoreException e) {
          throw VerificationException.of(Reason.WITNESS_REJECTED, "parameter " + i + ": " + e.getMessage());
        }
      } else {
        u = new SgdUpdate(0, 0, 0, 0, 0, 0, 0); // inert padding
      }
      Felt.ofLong(u.weight()).store(cols.get("w"), i);
      Felt.ofLong(u.next()).store(cols.get("w_next"), i);
      cols.get("active")[2 * i] = i < len ? 1 : 0;
      air.clip().store(cols, i, u.gradient(), u.clipSide(), u.clipExcess());
      air.remainder().store(cols, i, u.remainder());
      air.output().store(cols, i, u.next() + SgdAir.W_SHIFT);
    }
    return cols;
  }
}
