package dev.zkautograd.zk;

/**
 * The seam between the product and a proof system: prove one optimizer step of one chunk, and
 * verify proof bytes against public inputs and a policy. The transparent STARK of this module is the
 * first implementation ({@code dev.zkautograd.zk.backend.StarkBackend}); the EZKL backend of module
 * {@code zk-ezkl} is the second.
 */
public interface ProofBackend {
  /** A short identifier ("stark", "ezkl"). */
  String id();

  /**
   * Proves that the new state is the declared rule applied to the witness.
   *
   * @throws VerificationException WITNESS_REJECTED if the witness is outside the rule's ranges
   */
  StepProof prove(StepStatement statement, StepWitness witness) throws VerificationException;

  /**
   * Verifies proof bytes for the given public inputs.
   *
   * @throws VerificationException with the reason, if the proof does not prove them under the policy
   */
  void verify(byte[] proof, StepPublicInputs publicInputs, VerificationPolicy policy) throws VerificationException;

  /**
   * Proves one chunk, and says which state the step leads to: for a backend that proves the declared
   * integer rule (the default) the trainer applies that rule itself; a backend whose circuit computes
   * the update in its own arithmetic returns the state its proof states.
   */
  default ProvenChunk proveChunk(StepStatement statement, StepWitness witness) throws VerificationException {
    return ProvenChunk.ofDeclaredRule(prove(statement, witness));
  }
}
