package dev.zkautograd.zk.air;

/**
 * A polynomial identity the trace must satisfy: {@code expr} vanishes on the rows of its domain.
 *
 * @param name for messages and documentation
 * @param expr the expression
 * @param domain where it must vanish
 * @param row the row, for {@link Domain#ROW}; ignored otherwise
 */
public record Constraint(String name, Expr expr, Domain domain, int row) {
  /** Where a constraint applies. */
  public enum Domain {
    /** Every row, cyclically (the next row of the last row is row 0). Divisor Z_H(x). */
    EVERY_ROW,
    /** Every row but the last (transitions). Divisor Z_H(x) / (x - w^(n-1)). */
    ALL_BUT_LAST,
    /** One row (boundary). Divisor x - w^row. */
    ROW
  }

  /** expr = 0 on every row. */
  public static Constraint everyRow(String name, Expr expr) {
    return new Constraint(name, expr, Domain.EVERY_ROW, -1);
  }

  /** expr = 0 on rows 0..n-2. */
  public static Constraint transition(String name, Expr expr) {
    return new Constraint(name, expr, Domain.ALL_BUT_LAST, -1);
  }

  /** expr = 0 at one row. */
  public static Constraint atRow(String name, int row, Expr expr) {
    if (row < 0) {
      throw new IllegalArgumentException("row must be non-negative");
    }
    return new Constraint(name, expr, Domain.ROW, row);
  }
}
