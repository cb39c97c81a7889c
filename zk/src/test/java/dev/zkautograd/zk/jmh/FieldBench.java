package dev.zkautograd.zk.jmh;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;
import dev.zkautograd.zk.prover.FastField;
import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Field multiplication throughput over a vector of 1024 elements: special-form reduction with the
 * portable high product (verifier), with the JVM intrinsic (prover), and Montgomery multiplication
 * (R = 2^128) for comparison. Run: see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldBench {
  static final int N = 1024;
  long[] a = new long[2 * N];
  long[] b = new long[2 * N];
  long[] out = new long[2 * N];
  long[] montA = new long[2 * N];
  long[] montB = new long[2 * N];

  // -p^-1 mod 2^128, for Montgomery
  static final long NP_LO;
  static final long NP_HI;

  static {
    BigInteger p = BigInteger.TWO.pow(128).subtract(BigInteger.valueOf(45).shiftLeft(40)).add(BigInteger.ONE);
    BigInteger r = BigInteger.TWO.pow(128);
    BigInteger np = p.modInverse(r).negate().mod(r);
    NP_LO = np.longValue();
    NP_HI = np.shiftRight(64).longValue();
  }

  @Setup
  public void setup() {
    Random r = new Random(1);
    for (int i = 0; i < N; i++) {
      Felt.ofLong(r.nextLong()).mul(Felt.ofLong(r.nextLong())).store(a, i);
      Felt.ofLong(r.nextLong()).mul(Felt.ofLong(r.nextLong())).store(b, i);
    }
    System.arraycopy(a, 0, montA, 0, a.length);
    System.arraycopy(b, 0, montB, 0, b.length);
    checkMontgomery(montA, montB);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] specialFormPortable() {
    for (int i = 0; i < N; i++) {
      Fp.mul(a, i, b, i, out, i);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] specialFormIntrinsic() {
    for (int i = 0; i < N; i++) {
      FastField.mul(a, i, b, i, out, i);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] montgomeryIntrinsic() {
    for (int i = 0; i < N; i++) {
      montgomery(montA, i, montB, i, out, i);
    }
    return out;
  }

  static long hi(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  static long borrow(long a, long b, long d) {
    return ((~a & b) | (~(a ^ b) & d)) >>> 63;
  }

  /**
   * Montgomery multiplication, R = 2^128: returns a b / R mod p for a, b &lt; p (complete: carries
   * and the final subtraction included; checked against BigInteger in {@link #checkMontgomery}).
   * 4 products for a b, 3 for m = (a b mod R)(-p^-1) mod R, 4 for m p.
   */
  static void montgomery(long[] av, int ai, long[] bv, int bi, long[] v, int i) {
    long a0 = av[2 * ai];
    long a1 = av[2 * ai + 1];
    long b0 = bv[2 * bi];
    long b1 = bv[2 * bi + 1];
    // T = a b = (t3:t2:t1:t0)
    long t0 = a0 * b0;
    long h00 = hi(a0, b0);
    long x = a0 * b1;
    long xh = hi(a0, b1);
    long y = a1 * b0;
    long yh = hi(a1, b0);
    long u = a1 * b1;
    long uh = hi(a1, b1);
    long s = h00 + x;
    long c1 = carry(h00, x, s);
    long t1 = s + y;
    c1 += carry(s, y, t1);
    long q = xh + yh;
    long c2 = carry(xh, yh, q);
    long q2 = q + u;
    c2 += carry(q, u, q2);
    long t2 = q2 + c1;
    c2 += carry(q2, c1, t2);
    long t3 = uh + c2;
    // m = T mod R * (-p^-1) mod R
    long m0 = t0 * NP_LO;
    long m1 = hi(t0, NP_LO) + t0 * NP_HI + t1 * NP_LO;
    // m p = (d1:d0+..) by columns
    long p00 = m0 * Fp.P_LO;
    long p00h = hi(m0, Fp.P_LO);
    long p01 = m0 * Fp.P_HI;
    long p01h = hi(m0, Fp.P_HI);
    long p10 = m1 * Fp.P_LO;
    long p10h = hi(m1, Fp.P_LO);
    long p11 = m1 * Fp.P_HI;
    long p11h = hi(m1, Fp.P_HI);
    // column 0: t0 + p00 = 0 mod 2^64
    long z0 = t0 + p00;
    long k = carry(t0, p00, z0);
    // column 1: t1 + p00h + p01 + p10 + k = 0 mod 2^64
    long z1 = t1 + p00h;
    long k1 = carry(t1, p00h, z1);
    long z1b = z1 + p01;
    k1 += carry(z1, p01, z1b);
    long z1c = z1b + p10;
    k1 += carry(z1b, p10, z1c);
    long z1d = z1c + k;
    k1 += carry(z1c, k, z1d);
    // column 2
    long z2 = t2 + p01h;
    long k2 = carry(t2, p01h, z2);
    long z2b = z2 + p10h;
    k2 += carry(z2, p10h, z2b);
    long z2c = z2b + p11;
    k2 += carry(z2b, p11, z2c);
    long r0 = z2c + k1;
    k2 += carry(z2c, k1, r0);
    // column 3
    long z3 = t3 + p11h;
    long k3 = carry(t3, p11h, z3);
    long r1 = z3 + k2;
    k3 += carry(z3, k2, r1);
    // result (k3:r1:r0) < 2p: subtract p once if needed (r - p = r + c - 2^128)
    long tLo = r0 + Fp.C;
    long kk = carry(r0, Fp.C, tLo);
    long tHi = r1 + kk;
    long ge = carry(r1, kk, tHi);
    long mask = -(k3 | ge);
    v[2 * i] = r0 ^ ((r0 ^ tLo) & mask);
    v[2 * i + 1] = r1 ^ ((r1 ^ tHi) & mask);
  }

  /** Throws if {@link #montgomery} is not a b / 2^128 mod p. */
  static void checkMontgomery(long[] a, long[] b) {
    BigInteger p = BigInteger.TWO.pow(128).subtract(BigInteger.valueOf(45).shiftLeft(40)).add(BigInteger.ONE);
    BigInteger rInv = BigInteger.TWO.pow(128).modInverse(p);
    long[] out = new long[2];
    for (int i = 0; i < N; i++) {
      montgomery(a, i, b, i, out, 0);
      BigInteger want = big(a, i).multiply(big(b, i)).multiply(rInv).mod(p);
      if (!want.equals(big(out, 0))) {
        throw new AssertionError("Montgomery multiplication is wrong at " + i);
      }
    }
  }

  static BigInteger big(long[] v, int i) {
    return new BigInteger(Long.toUnsignedString(v[2 * i + 1])).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v[2 * i])));
  }
}
