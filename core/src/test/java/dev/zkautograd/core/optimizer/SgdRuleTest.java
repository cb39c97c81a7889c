package dev.zkautograd.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SgdRuleTest {

  @Test
  void smallLearningRateStillMovesWeights() throws CoreException {
    SgdRule rule = SgdRule.of(1e-5, 1.0);
    assertEquals(42950, rule.learningRate()); // round(1e-5 * 2^32) = round(42949.67)
    long g = FixedPoint.encode(1e-3); // 4294967
    assertEquals(4294967, g);
    SgdUpdate u = rule.update(FixedPoint.encode(0.5), g);
    // 42950 * 4294967 = 184_468_832_650; floor(/2^32) = 42, remainder 4_074_186
    assertEquals(42, u.quotient());
    assertEquals(184_468_832_650L - 42L * (1L << 32), u.remainder());
    assertTrue(u.next() < u.weight());
    // 42 ulp of 2^-32 = 9.78e-9, the float update 1e-5 * 1e-3 = 1e-8 up to rounding of lr
    assertEquals(1e-8, FixedPoint.decode(u.weight() - u.next()), 3e-10);
  }

  @Test
  void clipsBothSides() throws CoreException {
    SgdRule rule = new SgdRule(FixedPoint.ONE / 2, FixedPoint.ONE);
    SgdUpdate hi = rule.update(0, 3 * FixedPoint.ONE);
    assertEquals(FixedPoint.ONE, hi.clipped());
    assertEquals(1, hi.clipSide());
    assertEquals(2 * FixedPoint.ONE - 1, hi.clipExcess());
    SgdUpdate lo = rule.update(0, -3 * FixedPoint.ONE);
    assertEquals(-FixedPoint.ONE, lo.clipped());
    assertEquals(-1, lo.clipSide());
    assertEquals(FixedPoint.ONE / 2, lo.next());
    SgdUpdate edge = rule.update(0, FixedPoint.ONE);
    assertEquals(0, edge.clipSide());
  }

  @Test
  void floorsNegativeProducts() throws CoreException {
    SgdRule rule = new SgdRule(3, FixedPoint.ONE);
    SgdUpdate u = rule.update(0, -1);
    // 3 * -1 = -3 = -1 * 2^32 + (2^32 - 3)
    assertEquals(-1, u.quotient());
    assertEquals((1L << 32) - 3, u.remainder());
    assertEquals(1, u.next());
  }

  @Test
  void rejectsOutOfRange() {
    SgdRule rule = new SgdRule(FixedPoint.ONE, SgdRule.MAX_CLIP);
    CoreException e = assertThrows(CoreException.class, () -> rule.update(SgdRule.WEIGHT_BOUND, 0));
    assertEquals(CoreException.Reason.BAD_FIELD, e.reason());
    assertThrows(CoreException.class, () -> rule.update(0, -SgdRule.GRADIENT_BOUND));
    assertThrows(CoreException.class, () -> rule.update(SgdRule.WEIGHT_BOUND - 1, -SgdRule.MAX_CLIP));
    // The range is [-2^47, 2^47): exactly what the AIR's check w' + 2^47 ∈ [0, 2^48) accepts.
    assertDoesNotThrow(() -> rule.update(-SgdRule.WEIGHT_BOUND, 0));
    assertThrows(CoreException.class, () -> rule.update(-SgdRule.WEIGHT_BOUND - 1, 0));
    assertThrows(CoreException.class, () -> rule.update(-SgdRule.WEIGHT_BOUND, 1L << 33));
    assertThrows(IllegalArgumentException.class, () -> new SgdRule(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SgdRule(1, SgdRule.MAX_CLIP + 1));
  }

  @Test
  void matchesBigIntegerFloorDivision() throws CoreException {
    long seed = 20261124L;
    Random r = new Random(seed);
    long[] edges = {1, 2, (1L << 32) - 1, 1L << 32, (1L << 40) - 1, 1L << 40};
    for (int i = 0; i < 20_000; i++) {
      long lr = i < 36 ? Math.min(edges[i % 6], 1L << 32) : 1 + Math.floorMod(r.nextLong(), 1L << 32);
      long clip = i < 36 ? edges[i / 6] : 1 + Math.floorMod(r.nextLong(), 1L << 40);
      long w = Math.floorMod(r.nextLong(), 1L << 47) - (1L << 46);
      long g = (r.nextBoolean() ? Math.floorMod(r.nextLong(), 1L << 48) : Math.floorMod(r.nextLong(), 1L << 34)) - (i % 2 == 0 ? 0 : (1L << 33));
      g = Math.max(-(1L << 47) + 1, Math.min((1L << 47) - 1, g));
      try {
        checkAgainstOracle(lr, clip, w, g);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + " case " + i + ": lr=" + lr + " clip=" + clip + " w=" + w + " g=" + g, e);
      }
    }
  }

  private static void checkAgainstOracle(long lr, long clip, long w, long g) throws CoreException {
    SgdRule rule = new SgdRule(lr, clip);
    long c = Math.max(-clip, Math.min(clip, g));
    BigInteger product = BigInteger.valueOf(lr).multiply(BigInteger.valueOf(c));
    BigInteger[] qr = floorDivMod(product, BigInteger.ONE.shiftLeft(32));
    long expectedNext = w - qr[0].longValueExact();
    if (expectedNext < -SgdRule.WEIGHT_BOUND || expectedNext >= SgdRule.WEIGHT_BOUND) {
      assertThrows(CoreException.class, () -> rule.update(w, g));
      return;
    }
    SgdUpdate u = rule.update(w, g);
    assertEquals(c, u.clipped());
    assertEquals(qr[0].longValueExact(), u.quotient());
    assertEquals(qr[1].longValueExact(), u.remainder());
    assertEquals(expectedNext, u.next());
    assertTrue(u.clipExcess() >= 0 && u.clipExcess() < (1L << 47));
  }

  private static BigInteger[] floorDivMod(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    if (qr[1].signum() < 0) {
      return new BigInteger[] {qr[0].subtract(BigInteger.ONE), qr[1].add(b)};
    }
    return qr;
  }
}
