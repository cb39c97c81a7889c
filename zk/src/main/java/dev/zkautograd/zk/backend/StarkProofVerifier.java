package dev.zkautograd.zk.backend;

import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.ProofVerifier;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.adam.AdamStepVerifier;
import dev.zkautograd.zk.sgd.SgdStepVerifier;

/**
 * The STARK's verifier alone: picks the step AIR the statement names and verifies. It uses nothing
 * of the prover (checked by {@code ArchitectureTest}), so TeaVM compiles it into the browser
 * verifier; {@link StarkBackend#verify} is this too.
 */
public final class StarkProofVerifier implements ProofVerifier {
  /** The one instance; it holds no state. */
  public static final StarkProofVerifier INSTANCE = new StarkProofVerifier();

  private StarkProofVerifier() {}

  @Override
  public String id() {
    return "stark";
  }

  @Override
  public void verify(byte[] proof, StepPublicInputs publicInputs, VerificationPolicy policy) throws VerificationException {
    if (publicInputs == null || policy == null) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "public inputs and policy are required");
    }
    if (publicInputs.statement().optimizer() == OptimizerKind.ADAM) {
      AdamStepVerifier.verify(proof, publicInputs, policy);
    } else {
      SgdStepVerifier.verify(proof, publicInputs, policy);
    }
  }
}
