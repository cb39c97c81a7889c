package dev.zkautograd.zk.poly;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;

/** Evaluation helpers on coefficient vectors (verifier-safe). */
public final class Polynomials {
  private Polynomials() {}

  /** Sum of c[i] x^i for i &lt; count (Horner). */
  public static Felt evaluate(long[] c, int count, Felt x) {
    long[] acc = {0, 0};
    long[] xs = {x.lo(), x.hi()};
    for (int i = count - 1; i >= 0; i--) {
      Fp.mul(acc, 0, xs, 0, acc, 0);
      Fp.add(acc, 0, c, i, acc, 0);
    }
    return Felt.at(acc, 0);
  }

  /** Z_H(x) = x^n - 1 for the subgroup H of size n = 2^logN. */
  public static Felt vanishing(Felt x, int logN) {
    return x.powTwo(logN).sub(Felt.ONE);
  }
}
