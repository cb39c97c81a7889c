package dev.zkautograd.zk.air;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.poly.Ntt;
import dev.zkautograd.zk.poly.Polynomials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An {@link Air} with its final layout, all constraints (its own and the gadget's) and the
 * compiled evaluator: what both the prover and the verifier work from.
 */
public final class CompiledAir {
  /** The largest constraint degree the engine accepts. */
  public static final int MAX_DEGREE = 3;

  private final Air air;
  private final TraceLayout layout;
  private final List<Constraint> constraints;
  private final ConstraintProgram program;
  private final int maxDegree;
  private final int[] nextColumns;
  private final int[] boundaryRows;
  private final int logN;

  private CompiledAir(Air air) {
    this.air = air;
    int n = air.traceLength();
    if (n < 4 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("trace length must be a power of two >= 4, got " + n);
    }
    this.logN = Integer.numberOfTrailingZeros(n);
    Optional<RangeCheckSpec> rc = air.rangeCheck();
    List<SegmentSpec> segs = rc.isPresent() ? LogUpGadget.extend(air.segments(), rc.get()) : air.segments();
    for (PeriodicColumn p : air.periodicColumns()) {
      if (p.period() > n) {
        throw new IllegalArgumentException("period of " + p.name() + " exceeds the trace length");
      }
    }
    this.layout = new TraceLayout(segs, air.periodicColumns());
    List<Constraint> all = new ArrayList<>(air.constraints(layout));
    if (rc.isPresent()) {
      if (n < (1 << rc.get().bits())) {
        throw new IllegalArgumentException("trace shorter than the range table");
      }
      all.addAll(LogUpGadget.constraints(layout, rc.get(), n));
    }
    this.constraints = List.copyOf(all);
    int deg = 1;
    TreeSet<Integer> next = new TreeSet<>();
    TreeSet<Integer> rows = new TreeSet<>();
    List<Expr> exprs = new ArrayList<>();
    for (Constraint c : constraints) {
      deg = Math.max(deg, c.expr().degree());
      collectNext(c.expr(), next);
      if (c.domain() == Constraint.Domain.ROW) {
        if (c.row() >= n) {
          throw new IllegalArgumentException("boundary row outside the trace: " + c.name());
        }
        rows.add(c.row());
      }
      exprs.add(c.expr());
    }
    if (deg > MAX_DEGREE) {
      throw new IllegalArgumentException("constraint degree " + deg + " exceeds " + MAX_DEGREE);
    }
    this.maxDegree = deg;
    this.nextColumns = next.stream().mapToInt(Integer::intValue).toArray();
    this.boundaryRows = rows.stream().mapToInt(Integer::intValue).toArray();
    this.program = ConstraintProgram.compile(exprs);
  }

  /** Compiles an AIR; throws IllegalArgumentException if it is malformed. */
  public static CompiledAir of(Air air) {
    return new CompiledAir(air);
  }

  private static void collectNext(Expr e, TreeSet<Integer> out) {
    if (e instanceof Expr.Column c) {
      if (c.next()) {
        out.add(c.index());
      }
    } else if (e instanceof Expr.Binary b) {
      collectNext(b.a(), out);
      collectNext(b.b(), out);
    }
  }

  public Air air() {
    return air;
  }

  public TraceLayout layout() {
    return layout;
  }

  public List<Constraint> constraints() {
    return constraints;
  }

  public ConstraintProgram program() {
    return program;
  }

  /** Largest constraint degree (at least 1). */
  public int maxDegree() {
    return maxDegree;
  }

  /** Columns that constraints read at the next row (opened at z * w too). */
  public int[] nextColumns() {
    return nextColumns.clone();
  }

  /** Distinct boundary rows. */
  public int[] boundaryRows() {
    return boundaryRows.clone();
  }

  public int traceLength() {
    return 1 << logN;
  }

  public int logTraceLength() {
    return logN;
  }

  /** Number of verifier challenges the constraints use (the LogUp alpha). */
  public int challengeCount() {
    return air.rangeCheck().isPresent() ? 1 : 0;
  }

  /** The periodic columns' values on the trace domain (row i reads element i mod P). */
  public long[][] periodicOnTrace() {
    List<PeriodicColumn> ps = air.periodicColumns();
    long[][] out = new long[ps.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = ps.get(k).values();
    }
    return out;
  }

  /**
   * The periodic columns on the LDE domain 7 * &lt;w_N&gt; (N = n * 2^blowupLog2): point i reads
   * element i mod (P * 2^blowupLog2), because x_i^(n/P) runs over 7^(n/P) * &lt;w_(P B)&gt;.
   */
  public long[][] periodicOnDomain(int blowupLog2) {
    List<PeriodicColumn> ps = air.periodicColumns();
    long[][] out = new long[ps.size()][];
    for (int k = 0; k < out.length; k++) {
      PeriodicColumn p = ps.get(k);
      int logP = Integer.numberOfTrailingZeros(p.period());
      long[] c = p.values();
      Ntt.of(logP).inverse(c);
      long[] e = java.util.Arrays.copyOf(c, 2 << (logP + blowupLog2));
      Ntt.of(logP + blowupLog2).forwardCoset(e, Felt.COSET_OFFSET.pow(traceLength() / p.period()));
      out[k] = e;
    }
    return out;
  }

  /** The periodic columns at a point x (each one element): their interpolants at x^(n/P). */
  public long[][] periodicAt(Felt x) {
    List<PeriodicColumn> ps = air.periodicColumns();
    long[][] out = new long[ps.size()][];
    for (int k = 0; k < out.length; k++) {
      PeriodicColumn p = ps.get(k);
      int logP = Integer.numberOfTrailingZeros(p.period());
      long[] c = p.values();
      Ntt.of(logP).inverse(c);
      out[k] = new long[2];
      Polynomials.evaluate(c, p.period(), x.powTwo(logN - logP)).store(out[k], 0);
    }
    return out;
  }

  /** Index of the aux segment, or -1. */
  public int auxSegment() {
    return layout.segmentIndex(LogUpGadget.AUX_SEGMENT);
  }

  /** Number of LogUp fractions per row (0 without a range check). */
  public int fractionsPerRow() {
    return air.rangeCheck().map(LogUpGadget::fractionsPerRow).orElse(0);
  }
}
