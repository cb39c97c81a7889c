package dev.zkautograd.generator.verify;

import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.TrustedSetup;
import dev.zkautograd.zk.backend.RecordedStepVerifier;

/**
 * Chooses the proof verifier for a run by the backend it declares: the seam through which a service
 * that verifies many runs (the companion) gets the STARK verifier for STARK runs and, where it was
 * given EZKL keys, the EZKL verifier for EZKL runs. The EZKL side lives in a module this one may not
 * depend on (DESIGN §2), so the command that starts the service supplies it.
 */
@FunctionalInterface
public interface ProofVerifiers {
  /**
   * The verifier for proofs of {@code backend}.
   *
   * @param setup the trusted setup the run's manifest records (EZKL runs), or null when the proof
   *     comes without its run (an upload naming none) or the run is a STARK run
   * @return a verifier; one that does not {@link StepProofVerifier#supports support} {@code backend}
   *     makes the audit report the proof check skipped
   */
  StepProofVerifier select(Backend backend, TrustedSetup setup);

  /** The STARK verifier for every run: EZKL runs' proofs are reported skipped. */
  static ProofVerifiers starkOnly() {
    StepProofVerifier stark = RecordedStepVerifier.stark();
    return (backend, setup) -> stark;
  }
}
