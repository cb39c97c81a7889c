package dev.zkautograd.zk.sgd;

import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.verifier.StepVerifier;

/** Verifies an SGD step proof against its public inputs (verifier-safe). */
public final class SgdStepVerifier {
  private SgdStepVerifier() {}

  /**
   * Parses and verifies.
   *
   * @throws VerificationException MALFORMED/UNSUPPORTED_VERSION for bad bytes, PUBLIC_INPUT_MISMATCH
   *     if the proof is about another statement or other state roots, and the engine's reasons otherwise
   */
  public static void verify(byte[] proofBytes, StepPublicInputs publicInputs, VerificationPolicy policy)
      throws VerificationException {
    StepVerifier.verify(proofBytes, SgdAir.of(publicInputs.statement()), publicInputs, policy);
  }
}
