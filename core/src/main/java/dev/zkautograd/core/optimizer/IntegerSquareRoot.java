package dev.zkautograd.core.optimizer;

import java.math.BigInteger;

/**
 * floor(sqrt(n)) exactly. Written out rather than taken from {@code BigInteger.sqrt()} because the
 * browser's class library (TeaVM) has no such method, and the verifier there derives Adam's schedule.
 */
final class IntegerSquareRoot {
  private static final long MAX_ROOT = 0xFFFF_FFFFL;

  private IntegerSquareRoot() {}

  /** floor(sqrt(n)) of n read as an unsigned 64-bit integer. */
  static long ofUnsigned(long n) {
    double approx = Math.sqrt(n >= 0 ? (double) n : (double) (n >>> 1) * 2.0);
    long s = Math.min((long) approx, MAX_ROOT);
    while (s > 0 && Long.compareUnsigned(s * s, n) > 0) {
      s--;
    }
    while (s < MAX_ROOT && Long.compareUnsigned((s + 1) * (s + 1), n) <= 0) {
      s++;
    }
    return s;
  }

  /** floor(sqrt(n)) of a non-negative n, by Newton's iteration from above. */
  static BigInteger of(BigInteger n) {
    if (n.signum() < 0) {
      throw new IllegalArgumentException("square root of a negative number");
    }
    if (n.signum() == 0) {
      return n;
    }
    BigInteger x = BigInteger.ONE.shiftLeft((n.bitLength() + 1) / 2);
    while (true) {
      BigInteger y = x.add(n.divide(x)).shiftRight(1);
      if (y.compareTo(x) >= 0) {
        return x;
      }
      x = y;
    }
  }
}
