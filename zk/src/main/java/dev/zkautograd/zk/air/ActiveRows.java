package dev.zkautograd.zk.air;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The selector of a one-row-per-parameter AIR whose trace is padded to a power of two: a boolean
 * column {@code active} that is 1 on the first {@code length} rows and 0 after, with the given
 * columns forced to 0 on padding rows. Both boundary rows come from the public length, so the
 * verifier needs no periodic column (docs/proof-system.md, the SGD constraints 9–14).
 */
public final class ActiveRows {
  private ActiveRows() {}

  /**
   * The selector's constraints, in this order: boolean, never switching back on, each of {@code
   * zeroOnPadding} (by name) zero on padding rows, the last parameter row active, and the first
   * padding row inert when there is one.
   *
   * @param length rows that hold parameters
   * @param traceLength all rows
   */
  public static List<Constraint> constraints(Expr.Column active, List<Map.Entry<String, Expr>> zeroOnPadding, int length,
      int traceLength) {
    Expr one = Expr.constant(1);
    List<Constraint> out = new ArrayList<>();
    out.add(Constraint.everyRow("active is boolean", active.times(one.minus(active))));
    out.add(Constraint.transition("active never switches back on", active.nextRow().times(one.minus(active))));
    for (Map.Entry<String, Expr> e : zeroOnPadding) {
      out.add(Constraint.everyRow("padding has " + e.getKey() + " = 0", one.minus(active).times(e.getValue())));
    }
    out.add(Constraint.atRow("last parameter row is active", length - 1, active.minus(1)));
    if (length < traceLength) {
      out.add(Constraint.atRow("first padding row is inert", length, active));
    }
    return out;
  }
}
