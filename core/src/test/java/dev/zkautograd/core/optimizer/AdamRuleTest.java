package dev.zkautograd.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamRuleTest {
  static final AdamRule RULE = AdamRule.of(1e-3, 0.9, 0.999, 1e-8, 0.5);
  static final BigInteger Q32 = BigInteger.ONE.shiftLeft(32);

  @Test
  void everyIntermediateSatisfiesTheRelationsTheProofChecks() throws CoreException {
    long seed = 20261124L;
    Random r = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      long step = r.nextInt(5000);
      AdamSchedule sc = RULE.schedule(step);
      long w = (long) ((r.nextDouble() * 2 - 1) * 100 * FixedPoint.ONE);
      long m = (long) ((r.nextDouble() * 2 - 1) * RULE.clip());
      long v = (long) (r.nextDouble() * RULE.clip()) * (long) (r.nextDouble() * RULE.clip());
      long g = (long) ((r.nextDouble() * 2 - 1) * 2 * RULE.clip());
      AdamUpdate u = RULE.update(w, m, v, g, sc);
      String at = "seed " + seed + " case " + i;
      BigInteger c = BigInteger.valueOf(u.clip().clipped());
      BigInteger b1 = BigInteger.valueOf(RULE.beta1());
      BigInteger b2 = BigInteger.valueOf(RULE.beta2());
      // m: β1·m + (2^32 − β1)·c = 2^32·m' + r_m, 0 ≤ r_m < 2^32
      assertEquals(b1.multiply(BigInteger.valueOf(m)).add(Q32.subtract(b1).multiply(c)),
          Q32.multiply(BigInteger.valueOf(u.moment())).add(BigInteger.valueOf(u.momentRemainder())), at);
      assertTrue(u.momentRemainder() >= 0 && u.momentRemainder() < FixedPoint.ONE, at);
      // v: β2·v + (2^32 − β2)·c² = 2^32·v' + r_v
      BigInteger vNext = new BigInteger(Long.toUnsignedString(u.secondMoment()));
      assertEquals(b2.multiply(BigInteger.valueOf(v)).add(Q32.subtract(b2).multiply(c.multiply(c))),
          Q32.multiply(vNext).add(BigInteger.valueOf(u.secondMomentRemainder())), at);
      assertTrue(u.secondMomentRemainder() >= 0 && u.secondMomentRemainder() < FixedPoint.ONE, at);
      // s = isqrt(v'): v' = s² + e_s, 0 ≤ e_s ≤ 2s
      assertEquals(vNext, BigInteger.valueOf(u.root()).pow(2).add(BigInteger.valueOf(u.rootRemainder())), at);
      assertTrue(u.rootRemainder() >= 0 && u.rootRemainder() <= 2 * u.root(), at);
      // u: lr_t·m' = u·(s + ε_t) + r_u, 0 ≤ r_u < s + ε_t
      long d = u.root() + sc.epsilon();
      assertEquals(BigInteger.valueOf(sc.learningRate()).multiply(BigInteger.valueOf(u.moment())),
          BigInteger.valueOf(u.quotient()).multiply(BigInteger.valueOf(d)).add(BigInteger.valueOf(u.quotientRemainder())), at);
      assertTrue(u.quotientRemainder() >= 0 && u.quotientRemainder() < d, at);
      assertEquals(w - u.quotient(), u.next(), at);
      assertTrue(Math.abs(u.moment()) <= RULE.clip(), at);
      assertTrue(Long.compareUnsigned(u.secondMoment(), RULE.clip() * RULE.clip()) <= 0, at);
    }
  }

  @Test
  void theScheduleIsPyTorchsBiasCorrection() {
    for (long t : new long[] {1, 2, 10, 100, 1000, 100_000, 10_000_000}) {
      AdamSchedule s = AdamSchedule.of(RULE, t);
      double b1 = FixedPoint.decode(RULE.beta1());
      double b2 = FixedPoint.decode(RULE.beta2());
      double lr = FixedPoint.decode(RULE.learningRate()) * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      assertEquals(lr, FixedPoint.decode(s.learningRate()), 1e-6 * lr + 1e-9, "lr_t at t = " + t);
      assertTrue(s.epsilon() >= 1);
    }
    assertThrows(IllegalArgumentException.class, () -> AdamSchedule.of(RULE, 0));
  }

  @Test
  void smallLearningRateStillMovesWeights() throws CoreException {
    AdamRule rule = AdamRule.of(1e-5, 0.9, 0.999, 1e-8, 0.5);
    long w = FixedPoint.encode(0.5);
    AdamUpdate u = rule.update(w, 0, 0, FixedPoint.encode(1e-3), rule.schedule(0));
    // Adam's first step is lr·sign(g): 1e-5 = 42,950 units, up to the rounding of the constants.
    assertTrue(Math.abs(u.quotient() - 42_950) <= 50, "u = " + u.quotient());
    assertTrue(u.next() < w);
    AdamUpdate down = rule.update(w, 0, 0, FixedPoint.encode(-1e-3), rule.schedule(0));
    assertTrue(down.next() > w);
  }

  @Test
  void clippingIsPartOfTheRule() throws CoreException {
    AdamUpdate clipped = RULE.update(0, 0, 0, FixedPoint.encode(3.0), RULE.schedule(0));
    AdamUpdate atBound = RULE.update(0, 0, 0, RULE.clip(), RULE.schedule(0));
    assertEquals(1, clipped.clip().side());
    assertEquals(0, atBound.clip().side(), "g = C exactly is not clipped");
    assertEquals(atBound.next(), clipped.next());
  }

  @Test
  void refusesValuesOutsideItsRanges() {
    AdamSchedule s = RULE.schedule(0);
    assertThrows(CoreException.class, () -> RULE.update(1L << 47, 0, 0, 0, s));
    assertThrows(CoreException.class, () -> RULE.update(0, RULE.clip() + 1, 0, 0, s));
    assertThrows(CoreException.class, () -> RULE.update(0, 0, RULE.clip() * RULE.clip() + 1, 0, s));
    assertThrows(CoreException.class, () -> RULE.update(0, 0, 0, 1L << 47, s));
    assertThrows(CoreException.class, () -> RULE.update((1L << 47) - 1, 0, 0, -RULE.clip(), s));
    assertThrows(IllegalArgumentException.class, () -> new AdamRule(1, 0, 0, 1, FixedPoint.ONE));
    assertThrows(IllegalArgumentException.class, () -> new AdamRule(1, FixedPoint.ONE, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new AdamRule(1, 0, 0, 0, 1));
  }

  @Test
  void integerSquareRootsAreExact() {
    long seed = 7;
    Random r = new Random(seed);
    long[] edges = {0, 1, 2, 3, 4, 15, 16, 17, (1L << 32) - 1, 1L << 32, Long.MAX_VALUE, -1L, -2L, 0xFFFF_FFFE_0000_0001L,
        0xFFFF_FFFE_0000_0000L};
    for (int i = 0; i < 20_000 + edges.length; i++) {
      long n = i < edges.length ? edges[i] : r.nextLong();
      BigInteger big = new BigInteger(Long.toUnsignedString(n));
      assertEquals(big.sqrt().longValueExact(), IntegerSquareRoot.ofUnsigned(n), "n = " + Long.toUnsignedString(n));
      BigInteger wide = big.shiftLeft(r.nextInt(80));
      assertEquals(wide.sqrt(), IntegerSquareRoot.of(wide), "seed " + seed + " n = " + wide);
    }
  }
}
