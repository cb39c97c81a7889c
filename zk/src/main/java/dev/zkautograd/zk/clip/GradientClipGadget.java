package dev.zkautograd.zk.clip;

import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.Expr;
import dev.zkautograd.zk.air.LimbDecomposition;
import dev.zkautograd.zk.field.Felt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gradient clipping every optimizer AIR shares (docs/proof-system.md, "The SGD step AIR",
 * constraints 1–5): columns {@code g} and {@code sigma} (the side, −1, 0 or 1) and two range-checked
 * slacks A and B that make the side unique, so that the clipped value c = (1 − σ²)·g + σ·C is
 * exactly {@code GradientClip.of(g, C)}.
 */
public final class GradientClipGadget {
  /** Width of the slacks: |g| &lt; 2^47 and C ≤ 2^40, so both lie in [0, 2^48). */
  public static final int SLACK_BITS = 48;

  private final long clip;
  private final LimbDecomposition slackA;
  private final LimbDecomposition slackB;

  /** The gadget for clip bound C (Q32) with limbs of {@code limbBits}. */
  public GradientClipGadget(long clip, int limbBits) {
    this.clip = clip;
    this.slackA = new LimbDecomposition("a", SLACK_BITS, limbBits);
    this.slackB = new LimbDecomposition("b", SLACK_BITS, limbBits);
  }

  /** A: C + g when not clipped, |g| − C − 1 when clipped. */
  public LimbDecomposition slackA() {
    return slackA;
  }

  /** B: C − g when not clipped, 0 when clipped. */
  public LimbDecomposition slackB() {
    return slackB;
  }

  /** The limb columns of both slacks, A's first. */
  public List<String> limbs() {
    List<String> l = new ArrayList<>(slackA.names());
    l.addAll(slackB.names());
    return l;
  }

  /** The clipped gradient c = (1 − σ²)·g + σ·C, of degree 3. */
  public Expr clipped(Air.Columns c) {
    Expr sigma = c.get("sigma");
    return Expr.constant(1).minus(sigma.times(sigma)).times(c.get("g")).plus(sigma.times(clip));
  }

  /** The five clipping constraints, each of degree ≤ 3. */
  public List<Constraint> constraints(Air.Columns c) {
    Expr g = c.get("g");
    Expr sigma = c.get("sigma");
    Expr a = slackA.value(c);
    Expr b = slackB.value(c);
    Expr one = Expr.constant(1);
    Expr sigma2 = sigma.times(sigma);
    return List.of(
        Constraint.everyRow("clip side is -1, 0 or 1", sigma2.times(sigma).minus(sigma)),
        Constraint.everyRow("not clipped => A = C + g", one.minus(sigma2).times(a.minus(clip).minus(g))),
        Constraint.everyRow("not clipped => B = C - g", one.minus(sigma2).times(b.minus(clip).plus(g))),
        Constraint.everyRow("clipped => A = sigma g - C - 1", sigma.times(a.plus(clip + 1)).minus(sigma2.times(g))),
        Constraint.everyRow("clipped => B = 0", sigma2.times(b)));
  }

  /** Adds zeroed g, sigma and slack columns for n rows. */
  public void allocate(Map<String, long[]> columns, int n) {
    columns.put("g", new long[2 * n]);
    columns.put("sigma", new long[2 * n]);
    slackA.allocate(columns, n);
    slackB.allocate(columns, n);
  }

  /**
   * Writes one row: the gradient, its side and the slacks.
   *
   * @param excess |g| − C − 1 when clipped (ignored otherwise)
   */
  public void store(Map<String, long[]> columns, int row, long gradient, int side, long excess) {
    Felt.ofLong(gradient).store(columns.get("g"), row);
    Felt.ofLong(side).store(columns.get("sigma"), row);
    slackA.store(columns, row, side != 0 ? excess : clip + gradient);
    slackB.store(columns, row, side != 0 ? 0 : clip - gradient);
  }
}
