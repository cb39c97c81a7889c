package dev.zkautograd.zk.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

  @Provide
  Arbitrary<BigInteger> elements() {
    Arbitrary<BigInteger> random = Arbitraries.bigIntegers().between(BigInteger.ZERO, P.subtract(BigInteger.ONE));
    Arbitrary<BigInteger> edges =
        Arbitraries.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            P.subtract(BigInteger.ONE),
            P.subtract(BigInteger.TWO),
            BigInteger.TWO.pow(64),
            BigInteger.TWO.pow(64).subtract(BigInteger.ONE),
            BigInteger.TWO.pow(127),
            P.subtract(BigInteger.TWO.pow(64)));
    return Arbitraries.oneOf(random, edges);
  }

  @Property(tries = 3000)
  void arithmeticMatchesOracle(@ForAll("elements") BigInteger a, @ForAll("elements") BigInteger b) {
    Felt x = felt(a);
    Felt y = felt(b);
    assertEquals(a.multiply(b).mod(P), big(x.mul(y)));
    assertEquals(a.add(b).mod(P), big(x.add(y)));
    assertEquals(a.subtract(b).mod(P), big(x.sub(y)));
    assertEquals(a.negate().mod(P), big(x.neg()));
  }

  @Property(tries = 200)
  void inverseMatchesOracle(@ForAll("elements") BigInteger a) {
    if (a.signum() == 0) {
      assertTrue(felt(a).inverse().isZero());
      return;
    }
    assertEquals(a.modInverse(P), big(felt(a).inverse()));
  }

  @Property
  void signedLongsMapToResidues(@ForAll long v) {
    assertEquals(BigInteger.valueOf(v).mod(P), big(Felt.ofLong(v)));
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
