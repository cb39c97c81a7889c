package dev.zkautograd.enclave.attestation;

/**
 * A document that passed {@link NitroAttestationVerifier#verify}: its fields, and the step-signing
 * key its user_data binds.
 */
public record VerifiedAttestation(AttestationDocument document, byte[] signingKey) {
  public VerifiedAttestation {
    signingKey = signingKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }
}
