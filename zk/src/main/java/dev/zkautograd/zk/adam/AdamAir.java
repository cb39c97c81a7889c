package dev.zkautograd.zk.adam;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamSchedule;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.air.ActiveRows;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.Expr;
import dev.zkautograd.zk.air.LimbDecomposition;
import dev.zkautograd.zk.air.RangeCheckSpec;
import dev.zkautograd.zk.air.SegmentSpec;
import dev.zkautograd.zk.clip.GradientClipGadget;
import dev.zkautograd.zk.field.Felt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AIR of one Adam step over one chunk: one row per parameter, row-local constraints of degree
 * at most 3 (docs/proof-system.md, "The Adam step AIR", lists them one by one). Accepts exactly the
 * traces that {@link AdamRule} produces. The per-step constants lr_t and ε_t are derived here from
 * the statement's step number ({@link AdamSchedule}), never taken from the prover.
 */
public final class AdamAir implements StepAir {
  /** Segment holding g, the clip side, c, s, the padding selector and the limbs. */
  public static final String STEP = "step";

  /** Inclusive bound on ε_t that the AIR accepts: it keeps s + ε_t below 2^41. */
  public static final long MAX_STEP_EPSILON = 1L << 40;

  static final int REMAINDER_BITS = 32;
  static final int WIDE_BITS = 48;
  static final int MOMENT_BITS = 33; // C ± m' ≤ 2C < 2^33
  static final int SECOND_MOMENT_BITS = 64; // C² − v' < 2^64
  static final int ROOT_BITS = 33; // e_s ≤ 2s < 2^33 and 2s − e_s ≤ 2s
  static final long W_SHIFT = SgdRule.WEIGHT_BOUND;

  private final StepStatement statement;
  private final AdamRule rule;
  private final AdamSchedule schedule;
  private final int n;
  private final GradientClipGadget clip;
  private final LimbDecomposition momentRemainder;
  private final LimbDecomposition secondMomentRemainder;
  private final LimbDecomposition momentBelow;
  private final LimbDecomposition momentAbove;
  private final LimbDecomposition secondMomentBelow;
  private final LimbDecomposition rootRemainder;
  private final LimbDecomposition rootSlack;
  private final LimbDecomposition quotientRemainder;
  private final LimbDecomposition quotientSlack;
  private final LimbDecomposition output;

  private AdamAir(StepStatement s, AdamRule rule, AdamSchedule schedule) {
    this.statement = s;
    this.rule = rule;
    this.schedule = schedule;
    this.n = s.traceRows();
    int bits = s.limbBits();
    this.clip = new GradientClipGadget(rule.clip(), bits);
    this.momentRemainder = new LimbDecomposition("rm", REMAINDER_BITS, bits);
    this.secondMomentRemainder = new LimbDecomposition("rv", REMAINDER_BITS, bits);
    this.momentBelow = new LimbDecomposition("mb", MOMENT_BITS, bits);
    this.momentAbove = new LimbDecomposition("ma", MOMENT_BITS, bits);
    this.secondMomentBelow = new LimbDecomposition("vb", SECOND_MOMENT_BITS, bits);
    this.rootRemainder = new LimbDecomposition("es", ROOT_BITS, bits);
    this.rootSlack = new LimbDecomposition("fs", ROOT_BITS, bits);
    this.quotientRemainder = new LimbDecomposition("ru", WIDE_BITS, bits);
    this.quotientSlack = new LimbDecomposition("du", WIDE_BITS, bits);
    this.output = new LimbDecomposition("wp", WIDE_BITS, bits);
  }

  /**
   * The AIR for a statement.
   *
   * @throws VerificationException PUBLIC_INPUT_MISMATCH if the statement is not a valid Adam statement
   */
  public static AdamAir of(StepStatement s) throws VerificationException {
    if (s.optimizer() != OptimizerKind.ADAM || s.hyperParameters().size() != 5) {
      throw invalid("not an Adam statement");
    }
    String bad = s.chunkProblem();
    if (bad != null) {
      throw invalid(bad);
    }
    List<Long> h = s.hyperParameters();
    AdamRule rule;
    AdamSchedule schedule;
    try {
      rule = new AdamRule(h.get(0), h.get(1), h.get(2), h.get(3), h.get(4));
      if (s.step() == Long.MAX_VALUE) {
        throw new IllegalArgumentException("step number too large");
      }
      schedule = AdamSchedule.of(rule, s.step() + 1);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (schedule.epsilon() > MAX_STEP_EPSILON) {
      throw invalid("eps * sqrt(1 - beta2^t) above 2^40");
    }
    return new AdamAir(s, rule, schedule);
  }

  private static VerificationException invalid(String why) {
    return VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "invalid step statement: " + why);
  }

  @Override
  public StepStatement stepStatement() {
    return statement;
  }

  /** The rule the statement declares. */
  public AdamRule rule() {
    return rule;
  }

  /** lr_t and ε_t of this step, derived from t = step + 1. */
  public AdamSchedule schedule() {
    return schedule;
  }

  GradientClipGadget clip() {
    return clip;
  }

  /** The range-checked values in limb-column order: r_m, r_v, C − m', C + m', C² − v', e_s, 2s − e_s, r_u, d − 1 − r_u, w' + 2^47. */
  List<LimbDecomposition> checkedValues() {
    return List.of(momentRemainder, secondMomentRemainder, momentBelow, momentAbove, secondMomentBelow, rootRemainder,
        rootSlack, quotientRemainder, quotientSlack, output);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public int traceLength() {
    return n;
  }

  @Override
  public List<SegmentSpec> segments() {
    List<String> step = new ArrayList<>(List.of("g", "sigma", "c", "s", "active"));
    step.addAll(allLimbs());
    return List.of(
        new SegmentSpec(STATE_IN, SegmentSpec.Kind.STATE, List.of("w", "m", "v")),
        new SegmentSpec(STEP, SegmentSpec.Kind.WITNESS, step),
        new SegmentSpec(STATE_OUT, SegmentSpec.Kind.STATE, List.of("w_next", "m_next", "v_next")));
  }

  private List<String> allLimbs() {
    List<String> l = new ArrayList<>();
    for (LimbDecomposition v : checkedValues()) {
      l.addAll(v.names());
    }
    l.addAll(clip.limbs());
    return l;
  }

  @Override
  public Optional<RangeCheckSpec> rangeCheck() {
    return Optional.of(new RangeCheckSpec(STEP, allLimbs(), statement.limbBits()));
  }

  @Override
  public List<Constraint> constraints(Columns col) {
    Expr w = col.get("w");
    Expr m = col.get("m");
    Expr v = col.get("v");
    Expr wNext = col.get("w_next");
    Expr mNext = col.get("m_next");
    Expr vNext = col.get("v_next");
    Expr g = col.get("g");
    Expr c = col.get("c");
    Expr s = col.get("s");
    Expr.Column active = col.get("active");
    long q32 = 1L << 32;
    long clipBound = rule.clip();
    Expr clipSquared = Expr.constant(Felt.of(clipBound * clipBound, 0)); // C² < 2^64, read unsigned
    Expr d = s.plus(schedule.epsilon());

    List<Constraint> out = new ArrayList<>(clip.constraints(col));
    out.add(Constraint.everyRow("c = (1 - sigma^2) g + sigma C", c.minus(clip.clipped(col))));
    out.add(Constraint.everyRow("beta1 m + (2^32 - beta1) c = 2^32 m' + r_m",
        m.times(rule.beta1()).plus(c.times(q32 - rule.beta1())).minus(mNext.times(q32))
            .minus(momentRemainder.value(col))));
    out.add(Constraint.everyRow("C - m' = limbs", momentBelow.value(col).minus(clipBound).plus(mNext)));
    out.add(Constraint.everyRow("C + m' = limbs", momentAbove.value(col).minus(clipBound).minus(mNext)));
    out.add(Constraint.everyRow("beta2 v + (2^32 - beta2) c^2 = 2^32 v' + r_v",
        v.times(rule.beta2()).plus(c.times(c).times(q32 - rule.beta2())).minus(vNext.times(q32))
            .minus(secondMomentRemainder.value(col))));
    out.add(Constraint.everyRow("C^2 - v' = limbs", secondMomentBelow.value(col).minus(clipSquared).plus(vNext)));
    out.add(Constraint.everyRow("v' - s^2 = e_s", vNext.minus(s.times(s)).minus(rootRemainder.value(col))));
    out.add(Constraint.everyRow("2s - e_s = limbs", s.times(2).minus(rootRemainder.value(col)).minus(rootSlack.value(col))));
    out.add(Constraint.everyRow("lr_t m' = (w - w')(s + eps_t) + r_u",
        mNext.times(schedule.learningRate()).minus(w.minus(wNext).times(d)).minus(quotientRemainder.value(col))));
    out.add(Constraint.everyRow("s + eps_t - 1 - r_u = limbs",
        d.minus(1).minus(quotientRemainder.value(col)).minus(quotientSlack.value(col))));
    out.add(Constraint.everyRow("w' + 2^47 = limbs", output.value(col).minus(wNext).minus(W_SHIFT)));
    out.addAll(ActiveRows.constraints(active,
        List.of(Map.entry("w", w), Map.entry("m", m), Map.entry("v", v), Map.entry("g", g)), statement.length(), n));
    return out;
  }

  @Override
  public byte[] statement() {
    return statement.toBytes();
  }
}
