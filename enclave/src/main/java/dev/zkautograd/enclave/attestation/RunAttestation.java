package dev.zkautograd.enclave.attestation;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AttestationVerifier;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.ProverDeclaration;
import dev.zkautograd.core.run.UtcTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Attestation of a run's prover ({@code docs/attestation.md}, "A run's attestation"): the nonce a
 * run's attestation carries, and the audit's check of a run's {@link ProverDeclaration} — the
 * document verifies under the policy, was made for this run's nonce, was fresh when the run was
 * created, and binds the declared signing key.
 */
public final class RunAttestation implements AttestationVerifier {
  static final String NONCE_CONTEXT = "zk-autograd/run-attestation/v1\n";
  private final NitroAttestationVerifier verifier;

  public RunAttestation(NitroAttestationVerifier verifier) {
    this.verifier = verifier;
  }

  /** SHA-256 of the context line and the run id: ties a document to one run, so it cannot be replayed into another. */
  public static byte[] nonce(String runId) {
    return Digest.sha256(NONCE_CONTEXT.getBytes(StandardCharsets.UTF_8), runId.getBytes(StandardCharsets.UTF_8)).bytes();
  }

  @Override
  public String verify(ProverDeclaration prover, String runId, UtcTime created) throws CoreException {
    try {
      VerifiedAttestation v = verifier.verify(prover.attestation(), nonce(runId), Instant.parse(created.value()), prover.signingKey());
      AttestationDocument d = v.document();
      StringBuilder pcrs = new StringBuilder();
      for (int i : verifier.policy().pcrs().keySet()) {
        pcrs.append(pcrs.length() == 0 ? "" : ", ").append("PCR").append(i).append(' ')
            .append(HexFormat.of().formatHex(d.pcrs().get(i)), 0, 12).append('…');
      }
      return "Nitro document of " + d.moduleId() + " at " + d.timestamp() + " chains to " + verifier.policy().root().getSubjectX500Principal()
          .getName() + (pcrs.length() == 0 ? ", no PCR policy given" : ", " + pcrs) + "; made for this run, binds " + prover.keyId();
    } catch (AttestationException e) {
      throw CoreException.of(CoreException.Reason.ATTESTATION_INVALID, e.getMessage()).field("prover.attestation")
          .expected(e.expected() == null ? e.reason().name() : e.expected()).actual(e.actual() == null ? "refused" : e.actual()).build(e);
    }
  }
}
