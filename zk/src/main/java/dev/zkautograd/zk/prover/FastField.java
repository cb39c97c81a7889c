package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.field.FieldOps;
import dev.zkautograd.zk.field.Fp;

/**
 * The prover's field multiplication: the 64x64 high products by the JVM intrinsic
 * ({@code Math.multiplyHigh}, corrected to unsigned), everything else by {@link Fp}'s single
 * routine. About twice the throughput of the portable form on the JVM (FieldBench); prover-only,
 * because TeaVM has no multiplyHigh.
 */
public final class FastField {
  /** The intrinsic multiplications as {@link FieldOps}. */
  public static final FieldOps OPS = new FieldOps() {
    @Override
    public void mul(long[] a, int ai, long[] b, int bi, long[] v, int i) {
      FastField.mul(a, ai, b, bi, v, i);
    }

    @Override
    public void mulSmall(long[] a, int ai, long c, long[] v, int i) {
      FastField.mulSmall(a, ai, c, v, i);
    }
  };

  private FastField() {}

  private static long unsignedHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** v[i] = a[ai] * b[bi]. */
  public static void mul(long[] a, int ai, long[] b, int bi, long[] v, int i) {
    long aLo = a[2 * ai];
    long aHi = a[2 * ai + 1];
    long bLo = b[2 * bi];
    long bHi = b[2 * bi + 1];
    Fp.mulFromHighProducts(aLo, aHi, bLo, bHi, unsignedHigh(aLo, bLo), unsignedHigh(aLo, bHi), unsignedHigh(aHi, bLo),
        unsignedHigh(aHi, bHi), v, 2 * i);
  }

  /** v[i] = a[ai] * c for a constant c below 2^64. */
  public static void mulSmall(long[] a, int ai, long c, long[] v, int i) {
    long aLo = a[2 * ai];
    long aHi = a[2 * ai + 1];
    Fp.mulSmallFromHighProducts(aLo, aHi, c, unsignedHigh(aLo, c), unsignedHigh(aHi, c), v, 2 * i);
  }
}
