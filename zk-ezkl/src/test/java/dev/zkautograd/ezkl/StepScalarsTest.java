package dev.zkautograd.ezkl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.zk.StepStatement;
import org.junit.jupiter.api.Test;

/** The scalar inputs in integers: exact where the real value is on the grid, and within a unit of the real value elsewhere. */
class StepScalarsTest {
  static final FixedPointGrid GRID = new FixedPointGrid(14);
  static final long LR = FixedPoint.encode(1e-3);
  static final long BETA1 = FixedPoint.encode(0.9);
  static final long BETA2 = FixedPoint.encode(0.999);
  static final long EPS = FixedPoint.encode(1e-3);
  static final long CLIP = FixedPoint.encode(0.99);

  static long[] at(long step) {
    return StepScalars.of(StepStatement.adam(LR, BETA1, BETA2, EPS, CLIP, step, 16, 0, 0, 16), GRID);
  }

  @Test
  void the_first_step_corrects_by_the_exact_factors() {
    long[] s = at(0);
    // bc1 = 1/(1 − β1) and bc2 = sqrt((1 − β2)/(1 − β2)) = 1 for t = 1, whatever the rounding of β1 in Q32.
    assertEquals(1L << 14, s[5], "bc2 at the first step");
    assertEquals(Math.floor((1 << 14) / (1 - FixedPoint.decode(BETA1)) + 0.5), s[4], 0.0, "bc1 at the first step");
    assertArrayEquals(new long[] {GRID.unitsOfQ32(LR), GRID.unitsOfQ32(BETA1), GRID.unitsOfQ32(BETA2), GRID.unitsOfQ32(EPS)},
        java.util.Arrays.copyOf(s, 4));
    assertEquals(GRID.unitsOfQ32(CLIP), s[6]);
  }

  @Test
  void the_bias_corrections_are_within_a_unit_of_the_real_ones_and_settle() {
    for (long step : new long[] {1, 2, 9, 99, 999, 4_999, 99_999, 1L << 40}) {
      long[] s = at(step);
      double t = step + 1.0;
      double bc1 = 1 / (1 - Math.pow(FixedPoint.decode(BETA1), t));
      double bc2 = Math.sqrt((1 - FixedPoint.decode(BETA2)) / (1 - Math.pow(FixedPoint.decode(BETA2), t)));
      assertTrue(Math.abs(s[4] - Math.scalb(bc1, 14)) <= 1, "bc1 at step " + step + ": " + s[4] + " vs " + Math.scalb(bc1, 14));
      assertTrue(Math.abs(s[5] - Math.scalb(bc2, 14)) <= 1, "bc2 at step " + step + ": " + s[5] + " vs " + Math.scalb(bc2, 14));
    }
    long[] late = at(1L << 40);
    assertEquals(1L << 14, late[4], "bc1 settles at 1");
    assertEquals(Math.round(Math.scalb(Math.sqrt(1 - FixedPoint.decode(BETA2)), 14)), late[5], "bc2 settles at sqrt(1 − β2)");
  }

  @Test
  void the_power_rounds_down_at_each_product() {
    assertEquals(StepScalars.power(BETA1, 0), java.math.BigInteger.ONE.shiftLeft(128));
    assertEquals(StepScalars.power(BETA1, 1), java.math.BigInteger.valueOf(BETA1).shiftLeft(96));
    assertEquals(StepScalars.power(BETA1, 2), java.math.BigInteger.valueOf(BETA1).pow(2).shiftLeft(64));
    assertEquals(java.math.BigInteger.ZERO, StepScalars.power(BETA1, -1L), "t is unsigned: 2^64 − 1 steps underflow to zero");
  }
}
