package dev.zkautograd.zk.bench;

import java.util.Map;

/**
 * One line of the benchmark table.
 *
 * @param parameters parameters proven
 * @param proveMillis wall time of proving
 * @param verifyMillis wall time of verifying
 * @param proofBytes proof size
 * @param provenBits proven security of the parameters used
 * @param peakHeapBytes peak heap used while proving (JVM memory pools)
 * @param plainStepMillis wall time of the plain integer step (the reference rule of {@code core}, which
 *     computes Adam's wide products with BigInteger) on the same data, fastest of five
 * @param floatStepMillis wall time of the same step in double precision, as a trainer without proofs
 *     takes it, fastest of five
 * @param profile prover time per phase, in milliseconds
 * @param firstStepMillis wall time of proving the first step, which commits its state_in itself; equal to
 *     proveMillis when one step was proven, otherwise proveMillis is the mean of the steps after it
 */
public record BenchRow(int parameters, double proveMillis, double verifyMillis, int proofBytes, double provenBits,
    long peakHeapBytes, double plainStepMillis, double floatStepMillis, Map<String, Double> profile,
    double firstStepMillis) {
  /** Prove time over plain integer step time. */
  public double ratio() {
    return proveMillis / Math.max(plainStepMillis, 1e-3);
  }

  /** Prove time over float step time. */
  public double floatRatio() {
    return proveMillis / Math.max(floatStepMillis, 1e-3);
  }
}
