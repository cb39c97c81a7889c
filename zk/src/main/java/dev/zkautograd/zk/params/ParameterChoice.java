package dev.zkautograd.zk.params;

import dev.zkautograd.zk.air.CompiledAir;

/**
 * How a prover picks its proof parameters for a given AIR. The verifier never trusts this choice:
 * it recomputes the bound from the parameters in the proof and the statement, and rejects a proof
 * below its policy.
 */
@FunctionalInterface
public interface ParameterChoice {

  /** The parameters to prove {@code air} with. */
  ProofParameters choose(CompiledAir air);

  /** Always {@code params} (tests, vectors, benchmarks of one parameter set). */
  static ParameterChoice fixed(ProofParameters params) {
    return air -> params;
  }

  /**
   * {@link ProofParameters#PROVEN_100} with the smallest blow-up that fits the trace and proves at
   * least {@code minimumBits}: short traces need a larger blow-up, because the zero-knowledge
   * randomisers are then large compared with the trace (docs/proof-system.md, "Parameters").
   *
   * @throws IllegalArgumentException if no blow-up reaches the bound (the chunk is too long)
   */
  static ParameterChoice proven(double minimumBits) {
    return air -> {
      ProofParameters base = ProofParameters.PROVEN_100;
      for (int b = base.blowupLog2(); b <= ProofParameters.MAX_BLOWUP_LOG2; b++) {
        ProofParameters p = base.toBuilder().blowupLog2(b).build();
        ProofShape shape;
        try {
          shape = ProofShape.of(p, air);
        } catch (IllegalArgumentException tooSmall) {
          continue;
        }
        if (SecurityBound.bits(shape, air) >= minimumBits) {
          return p;
        }
      }
      throw new IllegalArgumentException("no blow-up proves " + minimumBits + " bits for a trace of 2^"
          + air.logTraceLength() + " rows: split the step into more chunks");
    };
  }
}
