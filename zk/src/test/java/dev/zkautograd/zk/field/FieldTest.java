package dev.zkautograd.zk.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the field against BigInteger, the oracle, and documents how the constants were found. */
class FieldTest {
  static final BigInteger P = BigInteger.TWO.pow(128).subtract(BigInteger.valueOf(45).shiftLeft(40)).add(BigInteger.ONE);

  static BigInteger big(Felt f) {
    return new BigInteger(1, f.toBytes());
  }

  static Felt felt(BigInteger b) {
    BigInteger r = b.mod(P);
    return Felt.of(r.longValue(), r.shiftRight(64).longValue());
  }

  static final long SEED = 0x5eed_f1e1dL;

  /** Edge cases first, then uniform elements from a seeded Random (the seed is in every failure message). */
  static List<BigInteger> elements(int count) {
    List<BigInteger> out = new ArrayList<>(List.of(
        BigInteger.ZERO,
        BigInteger.ONE,
        P.subtract(BigInteger.ONE),
        P.subtract(BigInteger.TWO),
        BigInteger.TWO.pow(64),
        BigInteger.TWO.pow(64).subtract(BigInteger.ONE),
        BigInteger.TWO.pow(127),
        P.subtract(BigInteger.TWO.pow(64))));
    Random r = new Random(SEED);
    while (out.size() < count) {
      BigInteger x = new BigInteger(128, r);
      if (x.compareTo(P) < 0) {
        out.add(x);
      }
    }
    return out;
  }

  @Test
  void arithmeticMatchesOracle() {
    List<BigInteger> xs = elements(120);
    for (BigInteger a : xs) {
      for (BigInteger b : xs) {
        Felt x = felt(a);
        Felt y = felt(b);
        String at = "seed " + SEED + ", a=" + a + ", b=" + b;
        assertEquals(a.multiply(b).mod(P), big(x.mul(y)), at);
        assertEquals(a.add(b).mod(P), big(x.add(y)), at);
        assertEquals(a.subtract(b).mod(P), big(x.sub(y)), at);
        assertEquals(a.negate().mod(P), big(x.neg()), at);
      }
    }
  }

  /** The short multiplication by a constant below 2^64, portable and with the prover's intrinsic. */
  @Test
  void multiplicationBySmallConstantMatchesOracle() {
    List<Long> cs = new ArrayList<>(List.of(0L, 1L, 2L, 45L, 1L << 16, 0xFFFFL, 1L << 32, 1L << 47, Long.MIN_VALUE, -1L));
    Random r = new Random(SEED + 1);
    while (cs.size() < 60) {
      cs.add(r.nextLong());
    }
    long[] out = new long[2];
    for (BigInteger a : elements(200)) {
      long[] x = new long[2];
      felt(a).store(x, 0);
      for (long c : cs) {
        BigInteger want = a.multiply(new BigInteger(Long.toUnsignedString(c))).mod(P);
        String at = "seed " + SEED + ", a=" + a + ", c=" + Long.toUnsignedString(c);
        Fp.mulSmall(x, 0, c, out, 0);
        assertEquals(want, big(Felt.at(out, 0)), at);
        dev.zkautograd.zk.prover.FastField.OPS.mulSmall(x, 0, c, out, 0);
        assertEquals(want, big(Felt.at(out, 0)), at);
      }
    }
  }

  @Test
  void inverseMatchesOracle() {
    for (BigInteger a : elements(200)) {
      if (a.signum() == 0) {
        assertTrue(felt(a).inverse().isZero());
        continue;
      }
      assertEquals(a.modInverse(P), big(felt(a).inverse()), "seed " + SEED + ", a=" + a);
    }
  }

  @Test
  void signedLongsMapToResidues() {
    Random r = new Random(SEED);
    for (int i = 0; i < 2000; i++) {
      long v = i < 4 ? new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}[i] : r.nextLong();
      assertEquals(BigInteger.valueOf(v).mod(P), big(Felt.ofLong(v)), "v=" + v);
    }
  }

  @Test
  void fieldShape() {
    assertTrue(P.isProbablePrime(100));
    BigInteger m = P.subtract(BigInteger.ONE).shiftRight(40);
    assertTrue(m.testBit(0), "two-adicity is exactly 40");
    assertEquals(P.subtract(BigInteger.ONE), m.shiftLeft(40));
    assertEquals(BigInteger.TWO.pow(128).subtract(P), BigInteger.valueOf(Fp.C));
  }

  /**
   * How TWO_ADIC_ROOT was found: r = 7^m with m = (p-1)/2^40; r has order exactly 2^40 because
   * r^(2^39) != 1 (equivalently 7 is a quadratic non-residue). 7 is also the LDE coset offset: 7^(2^40)
   * != 1, so 7 lies in no 2-power subgroup and every coset 7*&lt;w&gt; is disjoint from every subgroup.
   */
  @Test
  void rootOfUnityByComputation() {
    BigInteger m = P.subtract(BigInteger.ONE).shiftRight(40);
    BigInteger r = BigInteger.valueOf(7).modPow(m, P);
    assertEquals(r, big(Felt.TWO_ADIC_ROOT));
    assertNotEquals(BigInteger.ONE, r.modPow(BigInteger.TWO.pow(39), P));
    assertEquals(BigInteger.ONE, r.modPow(BigInteger.TWO.pow(40), P));
    assertNotEquals(BigInteger.ONE, BigInteger.valueOf(7).modPow(BigInteger.TWO.pow(40), P));
    for (int k = 0; k <= 40; k += 5) {
      Felt w = Felt.rootOfUnity(k);
      assertEquals(Felt.ONE, w.powTwo(k));
      if (k > 0) {
        assertFalse(w.powTwo(k - 1).equals(Felt.ONE));
      }
    }
  }

  @Test
  void encodingIsCanonical() {
    byte[] pBytes = new byte[16];
    byte[] raw = P.toByteArray();
    System.arraycopy(raw, raw.length - 16, pBytes, 0, 16);
    assertNull(Felt.fromBytes(pBytes, 0));
    Felt x = felt(P.subtract(BigInteger.ONE));
    assertEquals(x, Felt.fromBytes(x.toBytes(), 0));
  }

  @Test
  void batchInversion() {
    long[] v = new long[2 * 5];
    for (int i = 0; i < 5; i++) {
      Felt.ofLong(i * 1000003L + 17).store(v, i);
    }
    Fp.batchInvert(v, 0, 5);
    for (int i = 0; i < 5; i++) {
      assertEquals(Felt.ONE, Felt.at(v, i).mul(Felt.ofLong(i * 1000003L + 17)));
    }
  }
}
