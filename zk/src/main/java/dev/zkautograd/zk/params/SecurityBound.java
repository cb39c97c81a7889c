package dev.zkautograd.zk.params;

import dev.zkautograd.zk.air.CompiledAir;

/**
 * The proven soundness of a proof in the unique-decoding regime, from its parameters and its AIR
 * (docs/proof-system.md, "Soundness", has the derivation and the references). The soundness error
 * is bounded by the sum
 *
 * <pre>
 *   e_logup  = (F n) / q                         LogUp identity at a random alpha (F fractions per row)
 *   e_ali    = C / q                             C constraints batched with powers of one challenge
 *   e_ood    = D_ood / (q - N - n)               DEEP out-of-domain point, list size 1,
 *                                                D_ood = max(d (D - 1) + 1, n + (K - 1) m + D)
 *   e_batch  = (l - 1) N / q                     DEEP batching of l functions with powers (BCIKS20, curves)
 *   e_fold   = sum_i (k - 1) N_i / q             FRI folding rounds, domain N_i = N / k^i
 *   e_query  = (1 - delta)^s * 2^-grinding       delta = (1 - rho)/2, rho = D / N
 * </pre>
 *
 * with q = p &asymp; 2^128. The proven security is -log2 of the sum.
 */
public final class SecurityBound {
  private static final double LOG2 = Math.log(2);
  private static final double Q = Math.scalb(1.0, 128) - 45 * Math.scalb(1.0, 40) + 1;

  private SecurityBound() {}

  /** The individual terms, for reports and the documentation. */
  public record Terms(double logup, double ali, double ood, double batch, double fold, double query) {
    /** -log2 of the total error. */
    public double bits() {
      return -Math.log(logup + ali + ood + batch + fold + query) / LOG2;
    }
  }

  /** The error terms of a proof with this shape and AIR. */
  public static Terms terms(ProofShape shape, CompiledAir air) {
    ProofParameters p = shape.params();
    double n = air.traceLength();
    double bigN = shape.domainSize();
    double logup = air.fractionsPerRow() * n / Q;
    double ali = air.constraints().size() / Q;
    // FRI only shows that the committed polynomials have degree < D, so the decoded trace and pieces
    // are bounded by D, not by the honest prover's sizes.
    double d = shape.degreeBound();
    double dOod = Math.max(air.maxDegree() * (d - 1) + 1, n + (shape.pieces() - 1.0) * shape.pieceSize() + d);
    double ood = dOod / (Q - bigN - n);
    int l = air.layout().width() + air.nextColumns().length + shape.pieces() + 1;
    double batch = (l - 1) * bigN / Q;
    double k = 1 << p.foldingLog2();
    double fold = 0;
    double ni = bigN;
    for (int i = 0; i < shape.friRounds(); i++) {
      fold += (k - 1) * ni / Q;
      ni /= k;
    }
    double rho = shape.degreeBound() / bigN;
    double delta = (1 - rho) / 2;
    double query = Math.exp(p.queries() * Math.log(1 - delta)) * Math.scalb(1.0, -p.grindingBits());
    return new Terms(logup, ali, ood, batch, fold, query);
  }

  /** Proven bits of security. */
  public static double bits(ProofShape shape, CompiledAir air) {
    return terms(shape, air).bits();
  }
}
