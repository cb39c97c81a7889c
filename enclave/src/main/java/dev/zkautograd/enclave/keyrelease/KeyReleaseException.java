package dev.zkautograd.enclave.keyrelease;

import java.util.Objects;

/** The step-signing key was not released; the service does not start without it. */
public final class KeyReleaseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The prover's own attestation does not satisfy the configured policy: no key for an unapproved image. */
    POLICY_REFUSED,
    /** The key store could not be reached or refused (network, credentials, key policy). */
    UNAVAILABLE,
    /** The key store answered something unusable: plaintext where only a recipient envelope is allowed, a bad envelope. */
    BAD_RESPONSE,
    /** The released secret is not a 32-byte Ed25519 seed. */
    BAD_KEY
  }

  private final Reason reason;

  public KeyReleaseException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
