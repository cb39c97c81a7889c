package dev.zkautograd.enclave.keyrelease;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.enclave.attestation.AttestationDocument;
import dev.zkautograd.enclave.attestation.AttestationException;
import dev.zkautograd.enclave.attestation.Attestor;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * Releases the step-signing key to this prover only if its attestation matches policy
 * ({@code docs/prover-service.md}, "Key release"). Every implementation goes through {@link
 * #release}: make an ephemeral RSA key, have the attestor vouch for it in a fresh document, check
 * that document against the configured policy <em>here</em> (whatever the key store also checks),
 * then ask the store — which, for AWS KMS, encrypts the key to that RSA key only.
 */
public abstract class KeyRelease {

  /** Asks the store for the sealed seed, given this prover's attestation document and its recipient key. */
  protected abstract SecretBytes fetch(byte[] attestation, PrivateKey recipient) throws KeyReleaseException;

  /** For messages: "local file ...", "AWS KMS key ...". */
  public abstract String describe();

  /**
   * The step-signing key, released to this prover.
   *
   * @param policy what this prover's own attestation must satisfy before it asks for the key
   * @throws KeyReleaseException POLICY_REFUSED when the attestation fails the policy, or the store's reason
   */
  public final StepSigner release(Attestor attestor, NitroAttestationVerifier policy) throws KeyReleaseException {
    KeyPair recipient = rsa();
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    byte[] doc;
    try {
      doc = attestor.attest(nonce, null, recipient.getPublic().getEncoded());
      AttestationDocument d = policy.verifyDocument(doc, nonce, Instant.now());
      if (!Arrays.equals(d.publicKey(), recipient.getPublic().getEncoded())) {
        throw new KeyReleaseException(KeyReleaseException.Reason.POLICY_REFUSED, "the attestation does not vouch for the recipient key", null);
      }
    } catch (AttestationException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.POLICY_REFUSED, "this prover's attestation does not satisfy the key "
          + "release policy, so it gets no signing key: " + e.getMessage(), e);
    }
    SecretBytes seed = fetch(doc, recipient.getPrivate());
    if (seed.size() != 32) {
      throw new KeyReleaseException(KeyReleaseException.Reason.BAD_KEY, "the released secret has " + seed.size() + " bytes, an Ed25519 seed 32",
          null);
    }
    return StepSigner.fromSeed(seed);
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is part of every JDK", e);
    }
  }

  /** Wraps released bytes and clears the copy. */
  protected static SecretBytes secret(byte[] bytes) {
    try {
      return SecretBytes.copyFrom(bytes, InsecureSecretAccess.get());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
