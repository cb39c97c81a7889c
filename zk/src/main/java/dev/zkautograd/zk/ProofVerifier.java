package dev.zkautograd.zk;

/**
 * The verifying half of a proof system: checks proof bytes against public inputs and a policy. It
 * is all a run audit needs, so the browser verifier and the CLI use one implementation ({@code
 * backend.StarkProofVerifier}) that depends on nothing of the prover; a {@link ProofBackend} is one
 * too.
 */
public interface ProofVerifier {
  /** A short identifier ("stark", "ezkl"). */
  String id();

  /**
   * Verifies proof bytes for the given public inputs.
   *
   * @throws VerificationException with the reason, if the proof does not prove them under the policy
   */
  void verify(byte[] proof, StepPublicInputs publicInputs, VerificationPolicy policy) throws VerificationException;
}
