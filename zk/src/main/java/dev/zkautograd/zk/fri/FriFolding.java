package dev.zkautograd.zk.fri;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;

/**
 * One FRI folding step by k = 2^logK on a coset: given f at x * zeta^j (j &lt; k, zeta a primitive
 * k-th root of unity), returns f_fold(x^k) = sum_m beta^m f_m(x^k) where f(X) = sum_m X^m f_m(X^k).
 * Computed as (1/k) sum_m (beta / x)^m sum_j f(x zeta^j) zeta^(-jm). Used by the prover for every
 * coset and by the verifier at the queries: one routine.
 */
public final class FriFolding {
  private final int k;
  private final long[] inverseDft; // zeta^(-jm) at [m*k + j]
  private final long[] kInverse;

  private FriFolding(int logK) {
    this.k = 1 << logK;
    Felt zetaInv = Felt.rootOfUnity(logK).inverse();
    inverseDft = new long[2 * k * k];
    for (int m = 0; m < k; m++) {
      for (int j = 0; j < k; j++) {
        zetaInv.pow((long) j * m).store(inverseDft, m * k + j);
      }
    }
    kInverse = new long[2];
    Felt.ofLong(k).inverse().store(kInverse, 0);
  }

  /** Folding by 2^logK. */
  public static FriFolding of(int logK) {
    return new FriFolding(logK);
  }

  /** The folding factor k. */
  public int factor() {
    return k;
  }

  /**
   * out element o = fold of the k values in {@code values} (element indices 0..k-1) at the coset whose
   * base point has inverse {@code xInv[0]}, with challenge {@code beta[0]}.
   *
   * @param scratch at least 2 * (k + 2) longs
   */
  public void fold(long[] values, long[] xInv, long[] beta, long[] out, int o, long[] scratch) {
    // t = beta / x ; acc = sum_m t^m d_m by Horner, d_m = sum_j v_j zeta^(-jm)
    int t = k;
    int acc = k + 1;
    Fp.mul(beta, 0, xInv, 0, scratch, t);
    scratch[2 * acc] = 0;
    scratch[2 * acc + 1] = 0;
    for (int m = k - 1; m >= 0; m--) {
      long[] d = {0, 0};
      for (int j = 0; j < k; j++) {
        Fp.mul(values, j, inverseDft, m * k + j, scratch, 0);
        Fp.add(d, 0, scratch, 0, d, 0);
      }
      Fp.mul(scratch, acc, scratch, t, scratch, acc);
      Fp.add(scratch, acc, d, 0, scratch, acc);
    }
    Fp.mul(scratch, acc, kInverse, 0, out, o);
  }
}
