package dev.zkautograd.zk.air;

import java.util.ArrayList;
import java.util.List;

/**
 * The LogUp range check (Haböck 2022): the limb columns L_1..L_k take values in the table
 * T = [0, 2^bits) iff, for a random alpha, sum over rows of (sum_j 1/(alpha - L_j) - m/(alpha - t)) = 0,
 * where t enumerates T and m counts how often each table value occurs.
 *
 * <p>Columns added: {@code range.table} t (0, 1, ..., 2^bits - 1, then constant; steps of 0 or 1
 * from t(0) = 0 to t(n-1) = 2^bits - 1) and {@code range.multiplicity} m in the AIR's chosen
 * segment; an aux segment of helper columns h_i = sum of two fractions and the running sum s with
 * s(next) = s + sum_i h_i + (last group), constrained on every row cyclically, so the fractions sum
 * to zero over the trace. Every constraint has degree at most 3.
 */
public final class LogUpGadget {
  /** Name of the table column. */
  public static final String TABLE = "range.table";
  /** Name of the multiplicity column. */
  public static final String MULTIPLICITY = "range.multiplicity";
  /** Name of the aux segment. */
  public static final String AUX_SEGMENT = "aux";
  /** Name of the running-sum column. */
  public static final String SUM = "logup.sum";
  /** Prefix of the helper columns ("logup.h0", ...). */
  public static final String HELPER = "logup.h";

  private LogUpGadget() {}

  /** Number of fractions per row: one per limb and one for the table. */
  public static int fractionsPerRow(RangeCheckSpec spec) {
    return spec.limbColumns().size() + 1;
  }

  /** Number of helper columns: all groups of two fractions but the last group. */
  public static int helperCount(RangeCheckSpec spec) {
    int groups = (fractionsPerRow(spec) + 1) / 2;
    return groups - 1;
  }

  /** The AIR's segments with the table, multiplicity and aux columns added. */
  static List<SegmentSpec> extend(List<SegmentSpec> main, RangeCheckSpec spec) {
    List<SegmentSpec> out = new ArrayList<>();
    boolean found = false;
    for (SegmentSpec s : main) {
      if (s.name().equals(spec.segment())) {
        if (s.kind() != SegmentSpec.Kind.WITNESS) {
          throw new IllegalArgumentException("range table must go into a witness segment");
        }
        List<String> cols = new ArrayList<>(s.columns());
        cols.add(TABLE);
        cols.add(MULTIPLICITY);
        out.add(new SegmentSpec(s.name(), s.kind(), cols));
        found = true;
      } else {
        out.add(s);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no segment " + spec.segment());
    }
    List<String> aux = new ArrayList<>();
    for (int i = 0; i < helperCount(spec); i++) {
      aux.add(HELPER + i);
    }
    aux.add(SUM);
    out.add(new SegmentSpec(AUX_SEGMENT, SegmentSpec.Kind.AUX, aux));
    return out;
  }

  private record Fraction(Expr numerator, Expr column) {}

  private static List<Fraction> fractions(Air.Columns c, RangeCheckSpec spec) {
    List<Fraction> f = new ArrayList<>();
    for (String l : spec.limbColumns()) {
      f.add(new Fraction(Expr.constant(1), c.get(l)));
    }
    f.add(new Fraction(Expr.constant(0).minus(c.get(MULTIPLICITY)), c.get(TABLE)));
    return f;
  }

  /** The gadget's constraints (the challenge alpha is challenge 0). */
  static List<Constraint> constraints(Air.Columns c, RangeCheckSpec spec, int n) {
    List<Constraint> out = new ArrayList<>();
    Expr t = c.get(TABLE);
    Expr step = c.get(TABLE).nextRow().minus(t);
    out.add(Constraint.transition("range table steps by 0 or 1", step.times(step.minus(1))));
    out.add(Constraint.atRow("range table starts at 0", 0, t));
    out.add(Constraint.atRow("range table ends at 2^bits - 1", n - 1, t.minus((1L << spec.bits()) - 1)));

    Expr alpha = new Expr.Challenge(0);
    List<Fraction> f = fractions(c, spec);
    int helpers = helperCount(spec);
    List<Expr> helperSum = new ArrayList<>();
    for (int i = 0; i < helpers; i++) {
      Expr h = c.get(HELPER + i);
      helperSum.add(h);
      out.add(Constraint.everyRow("logup helper " + i, pairIdentity(h, f.get(2 * i), f.get(2 * i + 1), alpha)));
    }
    Expr.Column s = c.get(SUM);
    Expr delta = s.nextRow().minus(s).minus(Expr.sum(helperSum));
    int last = 2 * helpers;
    Expr running =
        last + 1 < f.size()
            ? pairIdentity(delta, f.get(last), f.get(last + 1), alpha)
            : delta.times(alpha.minus(f.get(last).column())).minus(f.get(last).numerator());
    out.add(Constraint.everyRow("logup running sum", running));
    return out;
  }

  // h * (alpha - a)(alpha - b) = na * (alpha - b) + nb * (alpha - a)
  private static Expr pairIdentity(Expr h, Fraction a, Fraction b, Expr alpha) {
    Expr da = alpha.minus(a.column());
    Expr db = alpha.minus(b.column());
    return h.times(da).times(db).minus(a.numerator().times(db)).minus(b.numerator().times(da));
  }
}
