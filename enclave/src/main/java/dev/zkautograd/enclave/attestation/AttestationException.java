package dev.zkautograd.enclave.attestation;

import java.util.Objects;

/**
 * An attestation document that is refused, or one that could not be produced. The {@link Reason}
 * names the check ({@code docs/attestation.md}, "What the verifier checks"), with what was
 * expected and what was found.
 */
public final class AttestationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a document was refused, in the order the verifier checks. */
  public enum Reason {
    /** Not CBOR, not a COSE_Sign1 array, a missing or mistyped field, trailing bytes, an oversized field. */
    MALFORMED,
    /** The protected header names an algorithm other than ES384 (-35), or the digest is not SHA384. */
    UNSUPPORTED_ALGORITHM,
    /** The ES384 signature does not verify over the Sig_structure with the leaf certificate's key. */
    SIGNATURE_INVALID,
    /** The certificate chain does not lead to the configured root (self-signed leaf, other root, broken link). */
    UNTRUSTED_ROOT,
    /** A certificate of the chain had expired at the document's timestamp. */
    CERTIFICATE_EXPIRED,
    /** A certificate of the chain was not yet valid at the document's timestamp. */
    CERTIFICATE_NOT_YET_VALID,
    /** A CA certificate without the CA basic constraint or keyCertSign, or a leaf without digitalSignature. */
    KEY_USAGE,
    /** The chain is longer than a CA certificate's path length constraint allows. */
    PATH_LENGTH,
    /** A PCR the policy names is absent or has another value. */
    PCR_MISMATCH,
    /** The nonce is absent or not the one the verifier expects (a replayed or foreign document). */
    NONCE_MISMATCH,
    /** The timestamp is outside the freshness window around the verifier's reference time. */
    STALE,
    /** user_data does not bind the expected step-signing key. */
    USER_DATA_MISMATCH,
    /** The document could not be produced (no NSM device, the NSM refused, the local root unreadable). */
    UNAVAILABLE
  }

  private final Reason reason;
  private final String expected;
  private final String actual;

  private AttestationException(Reason reason, String detail, String expected, String actual, Throwable cause) {
    super(expected == null && actual == null ? reason + ": " + detail
        : reason + ": " + detail + ": expected " + expected + ", found " + actual, cause);
    this.reason = Objects.requireNonNull(reason);
    this.expected = expected;
    this.actual = actual;
  }

  public static AttestationException of(Reason reason, String detail) {
    return new AttestationException(reason, detail, null, null, null);
  }

  public static AttestationException of(Reason reason, String detail, Object expected, Object actual) {
    return new AttestationException(reason, detail, String.valueOf(expected), String.valueOf(actual), null);
  }

  public static AttestationException of(Reason reason, String detail, Throwable cause) {
    return new AttestationException(reason, detail, null, null, cause);
  }

  public Reason reason() {
    return reason;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
