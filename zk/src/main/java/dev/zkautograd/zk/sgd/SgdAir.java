package dev.zkautograd.zk.sgd;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AIR of one SGD step over one chunk: one row per parameter, row-local constraints
 * (docs/proof-system.md, "The SGD step AIR", lists them one by one). Accepts exactly the traces
 * that {@link SgdRule} produces, with every value that could wrap around modulo p range-checked by
 * LogUp on limbs.
 */
public final class SgdAir implements StepAir {
  /** Segment holding g, the clip side, the padding selector and the limbs. */
  public static final String STEP = "step";

  static final int REMAINDER_BITS = 32;
  static final int WIDE_BITS = 48;
  static final long W_SHIFT = SgdRule.WEIGHT_BOUND; // W = w' + 2^47 in [0, 2^48)

  private final StepStatement statement;
  private final long learningRate;
  private final int n;
  private final int limbBits;
  private final GradientClipGadget clip;
  private final LimbDecomposition remainder;
  private final LimbDecomposition output;

  private SgdAir(StepStatement s) {
    this.statement = s;
    this.learningRate = s.hyperParameters().get(0);
    this.limbBits = s.limbBits();
    this.n = s.traceRows();
    this.clip = new GradientClipGadget(s.hyperParameters().get(1), limbBits);
    this.remainder = new LimbDecomposition("r", REMAINDER_BITS, limbBits);
    this.output = new LimbDecomposition("wp", WIDE_BITS, limbBits);
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
    } else {
      bad = s.chunkProblem();
    }
    if (bad != null) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "invalid step statement: " + bad);
    }
    return new SgdAir(s);
  }

  @Override
  public StepStatement stepStatement() {
    return statement;
  }

  GradientClipGadget clip() {
    return clip;
  }

  LimbDecomposition remainder() {
    return remainder;
  }

  LimbDecomposition output() {
    return output;
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
    List<String> l = new ArrayList<>(remainder.names());
    l.addAll(output.names());
    l.addAll(clip.limbs());
    return l;
  }

  @Override
  public Optional<RangeCheckSpec> rangeCheck() {
    return Optional.of(new RangeCheckSpec(STEP, allLimbs(), limbBits));
  }

  @Override
  public List<Constraint> constraints(Columns c) {
    Expr w = c.get("w");
    Expr wNext = c.get("w_next");
    Expr g = c.get("g");
    Expr.Column active = c.get("active");
    List<Constraint> out = new ArrayList<>(clip.constraints(c));
    out.add(Constraint.everyRow("lr c = (w - w') 2^32 + r",
        clip.clipped(c).times(learningRate).minus(w.minus(wNext).times(1L << 32)).minus(remainder.value(c))));
    out.add(Constraint.everyRow("w' + 2^47 = limbs", output.value(c).minus(wNext).minus(W_SHIFT)));
    out.addAll(ActiveRows.constraints(active, List.of(Map.entry("w", w), Map.entry("g", g)), statement.length(), n));
    return out;
  }

  @Override
  public byte[] statement() {
    return statement.toBytes();
  }
}
