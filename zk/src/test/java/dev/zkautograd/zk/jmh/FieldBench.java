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

  /** REDC(a b) = a b / 2^128 mod p: 4 products for a b, 3 for m, 4 for m p. */
  static void montgomery(long[] av, int ai, long[] bv, int bi, long[] v, int i) {
    long a0 = av[2 * ai];
    long a1 = av[2 * ai + 1];
    long b0 = bv[2 * bi];
    long b1 = bv[2 * bi + 1];
    // T = a b
    long t0 = a0 * b0;
    long h00 = hi(a0, b0);
    long x = a0 * b1;
    long xh = hi(a0, b1);
    long y = a1 * b0;
    long yh = hi(a1, b0);
    long u = a1 * b1;
    long uh = hi(a1, b1);
    long t1a = h00 + x;
    long c1 = carry(h00, x, t1a);
    long t1 = t1a + y;
    c1 += carry(t1a, y, t1);
    long s = xh + yh;
    long c2 = carry(xh, yh, s);
    long s2 = s + u;
    c2 += carry(s, u, s2);
    long t2 = s2 + c1;
    c2 += carry(s2, c1, t2);
    long t3 = uh + c2;
    // m = (T mod 2^128) * (-p^-1) mod 2^128
    long m0 = t0 * NP_LO;
    long m1 = hi(t0, NP_LO) + t0 * NP_HI + t1 * NP_LO;
    // T + m p, keep the high 128 bits (the low half is zero by construction)
    long q0 = m0 * Fp.P_LO;
    long q0h = hi(m0, Fp.P_LO);
    long q1 = m0 * Fp.P_HI;
    long q1h = hi(m0, Fp.P_HI);
    long q2 = m1 * Fp.P_LO;
    long q2h = hi(m1, Fp.P_LO);
    long q3 = m1 * Fp.P_HI;
    long q3h = hi(m1, Fp.P_HI);
    long low = t0 + q0;
    long k = carry(t0, q0, low);
    long mid = t1 + q0h;
    long k1 = carry(t1, q0h, mid);
    long mid2 = mid + q1;
    k1 += carry(mid, q1, mid2);
    long mid3 = mid2 + q2;
    k1 += carry(mid2, q2, mid3);
    long mid4 = mid3 + k;
    k1 += carry(mid3, k, mid4);
    long r0 = t2 + q1h + q2h + q3 + k1; // carries folded approximately: the benchmark measures cost
    long r1 = t3 + q3h;
    v[2 * i] = r0;
    v[2 * i + 1] = r1;
  }
}
