package dev.zkautograd.zk.air;

import dev.zkautograd.zk.field.Felt;

/**
 * A polynomial expression over trace columns (current and next row), constants and verifier
 * challenges: the language constraints are written in. Immutable; structural equality lets the
 * compiler share common sub-expressions.
 */
public sealed interface Expr permits Expr.Column, Expr.Periodic, Expr.Constant, Expr.Challenge, Expr.Binary {

  /** Degree in the trace columns. */
  int degree();

  /** The same expression with every column read one row ahead. */
  default Expr nextRow() {
    if (this instanceof Binary b) {
      return new Binary(b.op(), b.a().nextRow(), b.b().nextRow());
    }
    return this; // constants and challenges do not move
  }

  default Expr plus(Expr o) {
    return new Binary(Op.ADD, this, o);
  }

  default Expr minus(Expr o) {
    return new Binary(Op.SUB, this, o);
  }

  default Expr times(Expr o) {
    return new Binary(Op.MUL, this, o);
  }

  default Expr plus(long c) {
    return plus(constant(c));
  }

  default Expr minus(long c) {
    return minus(constant(c));
  }

  default Expr times(long c) {
    return times(constant(c));
  }

  /** The constant c (signed 64-bit integer mapped into the field). */
  static Expr constant(long c) {
    return new Constant(Felt.ofLong(c));
  }

  /** The constant c. */
  static Expr constant(Felt c) {
    return new Constant(c);
  }

  /** Sum of terms (zero if empty). */
  static Expr sum(Iterable<Expr> terms) {
    Expr acc = null;
    for (Expr t : terms) {
      acc = acc == null ? t : acc.plus(t);
    }
    return acc == null ? constant(0) : acc;
  }

  /** Binary operators. */
  enum Op {
    ADD,
    SUB,
    MUL
  }

  /** A trace column at the current row, or the next row if {@code next}. */
  record Column(int index, String name, boolean next) implements Expr {
    @Override
    public int degree() {
      return 1;
    }

    /** The same column one row ahead (cyclically). */
    @Override
    public Column nextRow() {
      if (next) {
        throw new IllegalArgumentException("column " + name + " is already read at the next row");
      }
      return new Column(index, name, true);
    }
  }

  /**
   * A periodic column: public values repeating with a power-of-two period P, never committed; the
   * verifier evaluates its interpolant at z^(n/P) itself. Counted as degree 1 (its polynomial has
   * degree below n, like a trace column).
   */
  record Periodic(int index, String name) implements Expr {
    @Override
    public int degree() {
      return 1;
    }

    @Override
    public Expr nextRow() {
      throw new IllegalArgumentException("periodic column " + name + " cannot be read at the next row");
    }
  }

  /** A field constant. */
  record Constant(Felt value) implements Expr {
    @Override
    public int degree() {
      return 0;
    }
  }

  /** A random challenge drawn by the verifier (index into the AIR's challenges). */
  record Challenge(int index) implements Expr {
    @Override
    public int degree() {
      return 0;
    }
  }

  /** a op b. */
  record Binary(Op op, Expr a, Expr b) implements Expr {
    @Override
    public int degree() {
      return op == Op.MUL ? a.degree() + b.degree() : Math.max(a.degree(), b.degree());
    }
  }
}
