package dev.zkautograd.zk.adam;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.AdamUpdate;
import dev.zkautograd.core.optimizer.GradientClip;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.air.LimbDecomposition;
import dev.zkautograd.zk.field.Felt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the main columns of the Adam AIR by running the reference rule ({@code AdamRule}) on every
 * parameter with the schedule the AIR derived from the step number: the trace is exactly what the
 * rule produces.
 */
public final class AdamTrace {
  private static final AdamUpdate PADDING = new AdamUpdate(0, GradientClip.of(0, 1), 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private AdamTrace() {}

  /**
   * The main columns (by name) for this AIR.
   *
   * @param secondMoments v, Q64 read as unsigned
   * @throws VerificationException WITNESS_REJECTED if the lengths differ from the statement or an
   *     input is outside the rule's ranges
   */
  public static Map<String, long[]> build(AdamAir air, long[] weights, long[] moments, long[] secondMoments,
      long[] gradients) throws VerificationException {
    int len = air.stepStatement().length();
    if (weights.length != len || moments.length != len || secondMoments.length != len || gradients.length != len) {
      throw VerificationException.of(Reason.WITNESS_REJECTED, "witness length differs from the statement", len,
          weights.length + "/" + moments.length + "/" + secondMoments.length + "/" + gradients.length);
    }
    int n = air.traceLength();
    long epsilon = air.schedule().epsilon();
    long clipBound = air.rule().clip();
    Map<String, long[]> cols = new HashMap<>();
    for (String name : List.of("w", "m", "v", "w_next", "m_next", "v_next", "c", "s", "active")) {
      cols.put(name, new long[2 * n]);
    }
    air.clip().allocate(cols, n);
    List<LimbDecomposition> checked = air.checkedValues();
    for (LimbDecomposition l : checked) {
      l.allocate(cols, n);
    }
    for (int i = 0; i < n; i++) {
      AdamUpdate u = PADDING;
      if (i < len) {
        try {
          u = air.rule().update(weights[i], moments[i], secondMoments[i], gradients[i], air.schedule());
        } catch (CoreException e) {
          throw VerificationException.of(Reason.WITNESS_REJECTED, "parameter " + i + ": " + e.getMessage());
        }
        Felt.ofLong(moments[i]).store(cols.get("m"), i);
        Felt.of(secondMoments[i], 0).store(cols.get("v"), i);
      }
      Felt.ofLong(u.weight()).store(cols.get("w"), i);
      Felt.ofLong(u.next()).store(cols.get("w_next"), i);
      Felt.ofLong(u.moment()).store(cols.get("m_next"), i);
      Felt.of(u.secondMoment(), 0).store(cols.get("v_next"), i);
      Felt.ofLong(u.clip().clipped()).store(cols.get("c"), i);
      Felt.ofLong(u.root()).store(cols.get("s"), i);
      cols.get("active")[2 * i] = i < len ? 1 : 0;
      air.clip().store(cols, i, u.clip().gradient(), u.clip().side(), u.clip().excess());
      long[] values = {
        u.momentRemainder(),
        u.secondMomentRemainder(),
        clipBound - u.moment(),
        clipBound + u.moment(),
        clipBound * clipBound - u.secondMoment(), // unsigned: C² ≥ v'
        u.rootRemainder(),
        2 * u.root() - u.rootRemainder(),
        u.quotientRemainder(),
        u.root() + epsilon - 1 - u.quotientRemainder(),
        u.next() + AdamAir.W_SHIFT,
      };
      for (int k = 0; k < values.length; k++) {
        checked.get(k).store(cols, i, values[k]);
      }
    }
    return cols;
  }
}
