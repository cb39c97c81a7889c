package dev.zkautograd.zk.field;

/**
 * Multiplication of vector elements, the one operation whose fastest form differs between the
 * prover (JVM intrinsic 64x64 high product) and the verifier (portable, for TeaVM). Both forms
 * compute the same function through {@link Fp#mulFromHighProducts}.
 */
@FunctionalInterface
public interface FieldOps {
  /** v[i] = a[ai] * b[bi] (element indices). */
  void mul(long[] a, int ai, long[] b, int bi, long[] v, int i);

  /** v[i] = a[ai] * c for a constant c below 2^64 (element indices); portable unless overridden. */
  default void mulSmall(long[] a, int ai, long c, long[] v, int i) {
    Fp.mulSmall(a, ai, c, v, i);
  }
}
