package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.ProverDeclaration;
import dev.zkautograd.core.run.UtcTime;

/**
 * The attestation half of an audit: checks that a run's {@link ProverDeclaration} holds an
 * attestation document that chains to a trusted root, meets a measurement policy, was made for this
 * run and binds the declared step-signing key ({@code docs/attestation.md}). The {@code enclave}
 * module implements it for AWS Nitro documents; without one (or without a trust root) the audit
 * reports {@link dev.zkautograd.core.run.RunCheck#ATTESTATION} skipped, never passed.
 */
public interface AttestationVerifier {

  /**
   * Returns a one-line summary of what was verified (root, measurements, time), or throws.
   *
   * @param runId the run the attestation must have been made for
   * @param created when the run was created: the document must be fresh at that time
   * @throws CoreException {@link CoreException.Reason#ATTESTATION_INVALID} with the verifier's
   *     reason in the message (and as the cause)
   */
  String verify(ProverDeclaration prover, String runId, UtcTime created) throws CoreException;
}
