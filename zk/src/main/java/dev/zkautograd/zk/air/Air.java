package dev.zkautograd.zk.air;

import java.util.List;
import java.util.Optional;

/**
 * An algebraic intermediate representation: the one interface a new optimizer rule implements.
 * The prover and the verifier are generic over it.
 *
 * <p>An AIR declares its trace length, its committed segments (in commitment order), its
 * constraints as {@link Expr} identities over named columns (degree at most 3), and optionally the
 * columns that the LogUp gadget range-checks. The statement bytes are absorbed into the transcript
 * before any challenge, so they must encode every public input canonically.
 */
public interface Air {
  /** A short name for messages ("sgd"). */
  String name();

  /** Number of rows n, a power of two. */
  int traceLength();

  /** Main segments in commitment order. */
  List<SegmentSpec> segments();

  /** The constraints, built against the final column layout. */
  List<Constraint> constraints(Columns columns);

  /** Canonical bytes of the public statement (everything public except the segment roots). */
  byte[] statement();

  /** Public periodic columns (selectors, round constants); none by default. */
  default List<PeriodicColumn> periodicColumns() {
    return List.of();
  }

  /** The columns the LogUp gadget range-checks, if any. */
  default Optional<RangeCheckSpec> rangeCheck() {
    return Optional.empty();
  }

  /** Column lookup by name against the layout the framework built. */
  interface Columns {
    /** The column named {@code name} at the current row. */
    Expr.Column get(String name);

    /** The periodic column named {@code name}. */
    Expr.Periodic periodic(String name);
  }
}
