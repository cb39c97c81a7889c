package dev.zkautograd.zk.prover;

import static dev.zkautograd.zk.prover.DishonestProverTest.assertArithmeticHolds;
import static dev.zkautograd.zk.prover.DishonestProverTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.AdamUpdate;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.adam.AdamAir;
import dev.zkautograd.zk.adam.AdamFixtures;
import dev.zkautograd.zk.adam.AdamTrace;
import dev.zkautograd.zk.air.LimbDecomposition;
import dev.zkautograd.zk.field.Felt;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Soundness of the Adam AIR against a cheating prover that skips its own witness check: one bad
 * parameter among thousands, and for every range-checked relation the wrap-around witness that
 * satisfies every arithmetic constraint modulo p and is excluded only by the range check.
 */
class AdamDishonestProverTest {
  static final BigInteger P = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(45).shiftLeft(40)).add(BigInteger.ONE);
  static final BigInteger Q32 = BigInteger.ONE.shiftLeft(32);
  static final AdamRule RULE = AdamFixtures.RULE;
  static final BigInteger C = BigInteger.valueOf(RULE.clip());
  static final int ROW = 37;
  static final int LENGTH = 64;
  static final long STEP = 1;

  @Test
  void oneBadParameterOutOf5000IsRejected() throws Exception {
    int length = 5000;
    StepStatement s = AdamFixtures.statement(length, STEP);
    AdamAir air = AdamAir.of(s);
    AdamState state = AdamFixtures.state(length, STEP, 4);
    Map<String, long[]> trace = trace(air, state, AdamFixtures.gradients(length, 4));
    Row r = honest(air, state, AdamFixtures.gradients(length, 4), 3000);
    r.wNext = r.wNext.add(BigInteger.ONE); // one unit more than the rule allows, output limbs consistent
    r.write(trace, 3000);
    assertRejected(air, trace);
  }

  @Test
  void honestTraceWithSixteenBitLimbsSatisfiesTheAir() throws Exception {
    // Chunks above 2^15 parameters use 16-bit limbs; the same rows decompose into them.
    AdamAir air = AdamAir.of(AdamFixtures.statement(LENGTH, STEP).withLimbBits(16));
    AdamState state = AdamFixtures.state(LENGTH, STEP, 2);
    Map<String, long[]> trace = trace(air, state, AdamFixtures.gradients(LENGTH, 2));
    assertEquals(1 << 16, air.traceLength());
    assertArithmeticHolds(air, trace);
  }

  @Test
  void rewritingAnHonestRowChangesNothing() throws Exception {
    // The harness itself: an unchanged row written back leaves the honest trace as it was.
    AdamAir air = AdamAir.of(AdamFixtures.statement(LENGTH, STEP));
    AdamState state = AdamFixtures.state(LENGTH, STEP, 1);
    long[] g = AdamFixtures.gradients(LENGTH, 1);
    Map<String, long[]> trace = trace(air, state, g);
    Map<String, long[]> rewritten = trace(air, state, g);
    for (int row = 0; row < LENGTH; row++) {
      honest(air, state, g, row).write(rewritten, row);
    }
    for (Map.Entry<String, long[]> e : trace.entrySet()) {
      assertArrayEquals(e.getValue(), rewritten.get(e.getKey()), e.getKey());
    }
    assertArithmeticHolds(air, rewritten);
  }

  @Test
  void momentRemainderPlusTwoToThe32IsRejected() throws Exception {
    cheat((r, air) -> {
      r.mNext = r.mNext.subtract(BigInteger.ONE);
      r.rm = r.rm.add(Q32);
      r.quotient(air);
    });
  }

  @Test
  void negativeMomentRemainderIsRejected() throws Exception {
    cheat((r, air) -> {
      r.mNext = r.mNext.add(BigInteger.ONE);
      r.rm = r.rm.subtract(Q32);
      r.quotient(air);
    });
  }

  @Test
  void secondMomentRemainderPlusTwoToThe32IsRejected() throws Exception {
    cheat((r, air) -> {
      r.vNext = r.vNext.subtract(BigInteger.ONE);
      r.rv = r.rv.add(Q32);
      r.root();
      r.quotient(air);
    });
  }

  @Test
  void negativeSecondMomentRemainderIsRejected() throws Exception {
    cheat((r, air) -> {
      r.vNext = r.vNext.add(BigInteger.ONE);
      r.rv = r.rv.subtract(Q32);
      r.root();
      r.quotient(air);
    });
  }

  @Test
  void firstMomentAboveTheClipIsRejected() throws Exception {
    // m' = C + 1 (C − m' ≡ p − 1), reached from an input m beyond C that no honest step produces.
    cheat((r, air) -> r.forceMoment(C.add(BigInteger.ONE), air));
  }

  @Test
  void firstMomentBelowMinusTheClipIsRejected() throws Exception {
    cheat((r, air) -> r.forceMoment(C.negate().subtract(BigInteger.ONE), air));
  }

  @Test
  void secondMomentAboveTheClipSquaredIsRejected() throws Exception {
    cheat((r, air) -> {
      // v' = C² + 1 (C² − v' ≡ p − 1) from an input v chosen to land there.
      BigInteger target = C.multiply(C).add(BigInteger.ONE);
      BigInteger b2 = BigInteger.valueOf(RULE.beta2());
      BigInteger rest = Q32.subtract(b2).multiply(r.c.multiply(r.c));
      r.v = ceilDiv(target.multiply(Q32).subtract(rest), b2);
      BigInteger[] qr = floorDivMod(b2.multiply(r.v).add(rest), Q32);
      r.vNext = qr[0];
      r.rv = qr[1];
      assertEquals(target, r.vNext);
      r.root();
      r.quotient(air);
    });
  }

  @Test
  void rootOneTooLargeIsRejected() throws Exception {
    cheat((r, air) -> {
      r.s = r.s.add(BigInteger.ONE); // e_s = v' − s² < 0
      r.es = r.vNext.subtract(r.s.multiply(r.s));
      r.quotient(air);
    });
  }

  @Test
  void rootOneTooSmallIsRejected() throws Exception {
    cheat((r, air) -> {
      r.s = r.s.subtract(BigInteger.ONE); // e_s > 2s
      r.es = r.vNext.subtract(r.s.multiply(r.s));
      r.quotient(air);
    });
  }

  @Test
  void quotientOneTooSmallIsRejected() throws Exception {
    cheat((r, air) -> {
      r.wNext = r.wNext.add(BigInteger.ONE); // u − 1, r_u + d ≥ d
      r.ru = r.ru.add(r.s.add(BigInteger.valueOf(air.schedule().epsilon())));
    });
  }

  @Test
  void quotientOneTooLargeIsRejected() throws Exception {
    cheat((r, air) -> {
      r.wNext = r.wNext.subtract(BigInteger.ONE); // u + 1, r_u − d < 0
      r.ru = r.ru.subtract(r.s.add(BigInteger.valueOf(air.schedule().epsilon())));
    });
  }

  @Test
  void outputBelowTheWeightRangeIsRejected() throws Exception {
    cheat((r, air) -> {
      BigInteger u = r.w.subtract(r.wNext);
      r.wNext = BigInteger.ONE.shiftLeft(47).negate().subtract(BigInteger.valueOf(5));
      r.w = r.wNext.add(u);
    });
  }

  // ---- the cheat harness ----

  interface Cheat {
    void apply(Row r, AdamAir air);
  }

  /** Rewrites one row of an honest 64-parameter trace, checks the AIR's own constraints hold, and the proof fails. */
  static void cheat(Cheat cheat) throws Exception {
    AdamAir air = AdamAir.of(AdamFixtures.statement(LENGTH, STEP));
    AdamState state = AdamFixtures.state(LENGTH, STEP, 1);
    long[] g = AdamFixtures.gradients(LENGTH, 1);
    Map<String, long[]> trace = trace(air, state, g);
    Row r = honest(air, state, g, ROW);
    assertTrue(r.s.signum() > 0 && r.mNext.abs().compareTo(C) < 0, "row " + ROW + " must be interior");
    cheat.apply(r, air);
    r.write(trace, ROW);
    assertArithmeticHolds(air, trace);
    assertRejected(air, trace);
  }

  static Map<String, long[]> trace(AdamAir air, AdamState state, long[] g) throws Exception {
    int n = state.size();
    long[] m = new long[n];
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      m[i] = state.moment(i);
      v[i] = state.secondMoment(i);
    }
    return AdamTrace.build(air, state.weights(), m, v, g);
  }

  static Row honest(AdamAir air, AdamState state, long[] g, int i) throws Exception {
    AdamUpdate u = RULE.update(state.weight(i), state.moment(i), state.secondMoment(i), g[i], air.schedule());
    Row r = new Row(air);
    r.w = big(u.weight());
    r.m = big(state.moment(i));
    r.v = new BigInteger(Long.toUnsignedString(state.secondMoment(i)));
    r.g = big(g[i]);
    r.sigma = u.clip().side();
    r.excess = u.clip().excess();
    r.c = big(u.clip().clipped());
    r.mNext = big(u.moment());
    r.rm = big(u.momentRemainder());
    r.vNext = new BigInteger(Long.toUnsignedString(u.secondMoment()));
    r.rv = big(u.secondMomentRemainder());
    r.s = big(u.root());
    r.es = big(u.rootRemainder());
    r.wNext = big(u.next());
    r.ru = big(u.quotientRemainder());
    return r;
  }

  /** One row's values as integers, written into the trace as field elements (negatives wrap to p − k). */
  static final class Row {
    final AdamAir air;
    BigInteger w, m, v, g, c, mNext, rm, vNext, rv, s, es, wNext, ru;
    int sigma;
    long excess;

    Row(AdamAir air) {
      this.air = air;
    }

    void quotient(AdamAir air) {
      BigInteger d = s.add(BigInteger.valueOf(air.schedule().epsilon()));
      BigInteger[] qr = floorDivMod(BigInteger.valueOf(air.schedule().learningRate()).multiply(mNext), d);
      wNext = w.subtract(qr[0]);
      ru = qr[1];
    }

    void root() {
      s = isqrt(vNext);
      es = vNext.subtract(s.multiply(s));
    }

    void forceMoment(BigInteger target, AdamAir air) {
      BigInteger b1 = BigInteger.valueOf(RULE.beta1());
      BigInteger rest = Q32.subtract(b1).multiply(c);
      m = ceilDiv(target.multiply(Q32).subtract(rest), b1);
      BigInteger[] qr = floorDivMod(b1.multiply(m).add(rest), Q32);
      mNext = qr[0];
      rm = qr[1];
      assertEquals(target, mNext);
      quotient(air);
    }

    void write(Map<String, long[]> t, int row) {
      set(t, "w", row, w);
      set(t, "m", row, m);
      set(t, "v", row, v);
      set(t, "g", row, g);
      set(t, "sigma", row, big(sigma));
      set(t, "c", row, c);
      set(t, "s", row, s);
      set(t, "w_next", row, wNext);
      set(t, "m_next", row, mNext);
      set(t, "v_next", row, vNext);
      BigInteger eps = BigInteger.valueOf(air.schedule().epsilon());
      limbs(t, row, "rm", 32, rm);
      limbs(t, row, "rv", 32, rv);
      limbs(t, row, "mb", 33, C.subtract(mNext));
      limbs(t, row, "ma", 33, C.add(mNext));
      limbs(t, row, "vb", 64, C.multiply(C).subtract(vNext));
      limbs(t, row, "es", 33, es);
      limbs(t, row, "fs", 33, s.shiftLeft(1).subtract(es));
      limbs(t, row, "ru", 48, ru);
      limbs(t, row, "du", 48, s.add(eps).subtract(BigInteger.ONE).subtract(ru));
      limbs(t, row, "wp", 48, wNext.add(BigInteger.ONE.shiftLeft(47)));
      limbs(t, row, "a", 48, sigma != 0 ? big(excess) : C.add(g));
      limbs(t, row, "b", 48, sigma != 0 ? BigInteger.ZERO : C.subtract(g));
    }
  }

  static void set(Map<String, long[]> t, String col, int row, BigInteger x) {
    felt(x).store(t.get(col), row);
  }

  /** Limbs of x if it fits them; otherwise x (mod p) in the lowest limb, so the sum is still x. */
  static void limbs(Map<String, long[]> t, int row, String prefix, int bits, BigInteger x) {
    LimbDecomposition l = new LimbDecomposition(prefix, bits, 8);
    if (x.signum() >= 0 && x.bitLength() <= 8 * l.count()) {
      l.store(t, row, x.longValue());
      for (String name : l.names()) {
        t.get(name)[2 * row + 1] = 0;
      }
    } else {
      l.store(t, row, 0);
      set(t, prefix + "0", row, x);
    }
  }

  static Felt felt(BigInteger x) {
    BigInteger y = x.mod(P);
    return Felt.of(y.longValue(), y.shiftRight(64).longValue());
  }

  static BigInteger big(long x) {
    return BigInteger.valueOf(x);
  }

  static BigInteger[] floorDivMod(BigInteger a, BigInteger b) {
    BigInteger q = a.subtract(a.mod(b)).divide(b);
    return new BigInteger[] {q, a.mod(b)};
  }

  static BigInteger ceilDiv(BigInteger a, BigInteger b) {
    return floorDivMod(a.add(b).subtract(BigInteger.ONE), b)[0];
  }

  static BigInteger isqrt(BigInteger n) {
    return n.sqrt();
  }
}
