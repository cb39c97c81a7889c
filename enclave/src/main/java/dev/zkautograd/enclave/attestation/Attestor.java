package dev.zkautograd.enclave.attestation;

/**
 * Produces attestation documents in the AWS Nitro format ({@code docs/attestation.md}): in an
 * enclave by asking the Nitro Secure Module ({@link NsmAttestor}), elsewhere signed by a local test
 * root ({@link LocalAttestor}). Callers cannot tell the two apart except by the root the document
 * chains to, which is the point: the verifier is the same.
 */
public interface Attestor {
  /**
   * A fresh document over these fields.
   *
   * @param nonce the verifier's challenge, 0-512 bytes, or null
   * @param userData what the document binds (the step-signing key), 0-512 bytes, or null
   * @param publicKey a key the document vouches for (the RSA key KMS encrypts to), DER
   *     SubjectPublicKeyInfo of at most 1024 bytes, or null
   */
  byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey) throws AttestationException;

  /** For messages: "local test root", "Nitro Secure Module". */
  String describe();
}
