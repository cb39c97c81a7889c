package dev.zkautograd.zk;

/**
 * The seam between the product and a proof system: prove one optimizer step of one chunk, and
 * verify proof bytes against public inputs and a policy ({@link ProofVerifier}). The transparent STARK of this module is the
 * first implementation ({@code dev.zkautograd.zk.backend.StarkBackend}); an EZKL backend plugs in
 * here too.
 */
public interface ProofBackend extends ProofVerifier {
  /**
   * Proves that the new state is the declared rule applied to the witness.
   *
   * @throws VerificationException WITNESS_REJECTED if the witness is outside the rule's ranges
   */
  StepProof prove(StepStatement statement, StepWitness witness) throws VerificationException;
}
