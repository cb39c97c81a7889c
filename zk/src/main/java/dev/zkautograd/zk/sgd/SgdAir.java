package dev.zkautograd.zk.sgd;

import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.Expr;
import dev.zkautograd.zk.air.RangeCheckSpec;
import dev.zkautograd.zk.air.SegmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AIR of one SGD step over one chunk: one row per parameter, row-local constraints
 * (docs/proof-system.md, "The SGD step AIR", lists them one by one). Accepts exactly the traces
 * that {@link SgdRule} produces, with every value that could wrap around modulo p range-checked by
 * LogUp on limbs.
 */
public final class SgdAir implements Air {
  /** Segment holding w. */
  public static final String STATE_IN = "state_in";
  /** Segment holding g, the clip side, the padding selector and the limbs. */
  public static final String STEP = "step";
  /** Segment holding w'. */
  public static final String STATE_OUT = "state_out";

  static final int REMAINDER_BITS = 32;
  static final int WIDE_BITS = 48;
  static final long W_SHIFT = SgdRule.WEIGHT_BOUND; // W = w' + 2^47 in [0, 2^48)

  private final StepStatement statement;
  private final long learningRate;
  private final long clip;
  private final int n;
  private final int limbBits;

  private SgdAir(StepStatement s) {
    this.statement = s;
    this.learningRate = s.hyperParameters().get(0);
    this.clip = s.hyperParameters().get(1);
    this.limbBits = s.limbBits();
    int rows = Integer.highestOneBit(Math.max(1, s.length() - 1)) << 1;
    this.n = Math.max(Math.max(rows, 1 << limbBits), 4);
  }

  /**
   * The AIR for a statement.
   *
   * @throws VerificationException PUBLIC_INPUT_MISMATCH if the statement is not a valid SGD statement
   */
  public static SgdAir of(StepStatement s) throws VerificationException {
    String bad = null;
    if (s.optimizer() != OptimizerKind.SGD || s.hyperParameters().size() != 2) {
      bad = "not an SGD statement";
    } else if (s.hyperParameters().get(0) <= 0 || s.hyperParameters().get(0) > SgdRule.MAX_LEARNING_RATE) {
      bad = "learning rate outside (0, 2^32]";
    } else if (s.hyperParameters().get(1) <= 0 || s.hyperParameters().get(1) > SgdRule.MAX_CLIP) {
      bad = "clip outside (0, 2^40]";
    } else if (s.fracBits() != 32) {
      bad = "fixed point must be Q32";
    } else if (s.length() < 1 || s.length() > (1 << 24)) {
      bad = "chunk length outside [1, 2^24]";
    } else if (s.offset() < 0 || s.totalParameters() < 0 || s.offset() + s.length() > s.totalParameters()) {
      bad = "chunk range outside the model";
    } else if (s.limbBits() != 8 && s.limbBits() != 16) {
      bad = "limb width must be 8 or 16 bits";
    } else if (s.chunkIndex() < 0 || s.step() < 0) {
      bad = "negative step or chunk index";
    }
    if (bad != null) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "invalid step statement: " + bad);
    }
    return new SgdAir(s);
  }

  /** The statement this AIR proves. */
  public StepStatement stepStatement() {
    return statement;
  }

  static int limbs(int bits, int limbBits) {
    return (bits + limbBits - 1) / limbBits;
  }

  /** Names of the limb columns of one range-checked value ("r0", "r1", ...). */
  static List<String> limbNames(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  List<String> remainderLimbs() {
    return limbNames("r", limbs(REMAINDER_BITS, limbBits));
  }

  List<String> outputLimbs() {
    return limbNames("wp", limbs(WIDE_BITS, limbBits));
  }

  /** A: C + g when not clipped, |g| - C - 1 when clipped. */
  List<String> slackALimbs() {
    return limbNames("a", limbs(WIDE_BITS, limbBits));
  }

  /** B: C - g when not clipped, 0 when clipped. */
  List<String> slackBLimbs() {
    return limbNames("b", limbs(WIDE_BITS, limbBits));
  }

  int limbBits() {
    return limbBits;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public int traceLength() {
    return n;
  }

  @Override
  public List<SegmentSpec> segments() {
    List<String> step = new ArrayList<>(List.of("g", "sigma", "active"));
    step.addAll(allLimbs());
    return List.of(
        new SegmentSpec(STATE_IN, SegmentSpec.Kind.STATE, List.of("w")),
        new SegmentSpec(STEP, SegmentSpec.Kind.WITNESS, step),
        new SegmentSpec(STATE_OUT, SegmentSpec.Kind.STATE, List.of("w_next")));
  }

  private List<String> allLimbs() {
    List<String> l = new ArrayList<>(remainderLimbs());
    l.addAll(outputLimbs());
    l.addAll(slackALimbs());
    l.addAll(slackBLimbs());
    return l;
  }

  @Override
  public Optional<RangeCheckSpec> rangeCheck() {
    return Optional.of(new RangeCheckSpec(STEP, allLimbs(), limbBits));
  }

  private Expr value(Columns c, List<String> limbs) {
    List<Expr> terms = new ArrayList<>();
    for (int i = 0; i < limbs.size(); i++) {
      terms.add(c.get(limbs.get(i)).times(1L << (i * limbBits)));
    }
    return Expr.sum(terms);
  }

  @Override
  public List<Constraint> constraints(Columns c) {
    Expr w = c.get("w");
    Expr wNext = c.get("w_next");
    Expr g = c.get("g");
    Expr sigma = c.get("sigma");
    Expr.Column active = c.get("active");
    Expr r = value(c, remainderLimbs());
    Expr wShifted = value(c, outputLimbs());
    Expr a = value(c, slackALimbs());
    Expr b = value(c, slackBLimbs());
    Expr one = Expr.constant(1);
    Expr sigma2 = sigma.times(sigma);
    // the clipped gradient: g if sigma = 0, sigma * C if clipped
    Expr clipped = one.minus(sigma2).times(g).plus(sigma.times(clip));
    List<Constraint> out = new ArrayList<>();
    out.add(Constraint.everyRow("clip side is -1, 0 or 1", sigma2.times(sigma).minus(sigma)));
    out.add(Constraint.everyRow("not clipped => A = C + g", one.minus(sigma2).times(a.minus(clip).minus(g))));
    out.add(Constraint.everyRow("not clipped => B = C - g", one.minus(sigma2).times(b.minus(clip).plus(g))));
    out.add(Constraint.everyRow("clipped => A = sigma g - C - 1", sigma.times(a.plus(clip + 1)).minus(sigma2.times(g))));
    out.add(Constraint.everyRow("clipped => B = 0", sigma2.times(b)));
    out.add(Constraint.everyRow("lr c = (w - w') 2^32 + r",
        clipped.times(learningRate).minus(w.minus(wNext).times(1L << 32)).minus(r)));
    out.add(Constraint.everyRow("w' + 2^47 = limbs", wShifted.minus(wNext).minus(W_SHIFT)));
    out.add(Constraint.everyRow("active is boolean", active.times(one.minus(active))));
    out.add(Constraint.transition("active never switches back on", active.nextRow().times(one.minus(active))));
    out.add(Constraint.everyRow("padding has w = 0", one.minus(active).times(w)));
    out.add(Constraint.everyRow("padding has g = 0", one.minus(active).times(g)));
    out.add(Constraint.atRow("last parameter row is active", statement.length() - 1, active.minus(1)));
    if (statement.length() < n) {
      out.add(Constraint.atRow("first padding row is inert", statement.length(), active));
    }
    return out;
  }

  @Override
  public byte[] statement() {
    return statement.toBytes();
  }
}
