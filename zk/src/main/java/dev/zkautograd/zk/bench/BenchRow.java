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
 * @param plainStepMillis wall time of the plain integer SGD step on the same data
 * @param profile prover time per phase, in milliseconds
 */
public record BenchRow(int parameters, double proveMillis, double verifyMillis, int proofBytes, double provenBits,
    long peakHeapBytes, double plainStepMillis, Map<String, Double> profile) {
  /** Prove time over plain step time. */
  public double ratio() {
    return proveMillis / Math.max(plainStepMillis, 1e-3);
  }
}
