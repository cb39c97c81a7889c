package dev.zkautograd.cli;

import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.params.ParameterChoice;
import java.nio.file.Path;

/**
 * {@code demo --proof-params FILE}: the STARK parameters file of {@code zk-setup-zk --backend stark}
 * (docs/evm-verifier.md, "Proving with one") as the provers' parameter choice. The file is taken
 * only for the statement it was made for, and only if its parameters reach the verifier's policy
 * for that statement's chunk shape, so a run never proves for minutes to fail verification at the end.
 *
 * @param file where it was read from
 * @param params its contents
 * @param provenBits the bits its proof parameters prove for the chunk shape
 */
record ProofParamsFile(Path file, EvmVerifierParams params, double provenBits) {

  /**
   * Reads the file for a run of this rule, size and chunking.
   *
   * @throws CoreException naming the file and the field: unreadable or malformed, another statement
   *     (BAD_FIELD with the file's value and the run's), or parameters below the policy
   */
  static ProofParamsFile read(Path file, OptimizerSpec rule, long parameters, int chunks) throws CoreException {
    EvmVerifierParams p = EvmVerifierParams.read(file);
    try {
      p.requireStatement(rule, parameters, chunks);
    } catch (CoreException e) {
      throw e.at(file.toString(), null);
    }
    double bits;
    try {
      bits = p.provenBits();
    } catch (IllegalArgumentException e) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "the proof parameters cannot prove this chunk shape: " + e.getMessage())
          .file(file.toString()).field("proof").build(e);
    }
    double policy = VerificationPolicy.DEFAULT.minimumBits();
    if (bits < policy) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "the proof parameters prove too few bits for this chunk shape; verify "
              + "would reject every proof").file(file.toString()).field("proof")
          .expected(String.format("at least %.0f proven bits", policy)).actual(String.format("%.2f", bits)).build();
    }
    return new ProofParamsFile(file, p, bits);
  }

  /** Exactly the file's parameters, for every chunk of every step. */
  ParameterChoice choice() {
    return ParameterChoice.fixed(params.proof());
  }

  /** One line for the demo's header. */
  String describe() {
    return String.format("proof parameters from %s: %s, %.2f proven bits for chunks of %,d parameters", file, params.proof(), provenBits,
        params.chunkLength());
  }
}
