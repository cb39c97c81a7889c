package dev.zkautograd.zk;

import java.util.Objects;

/**
 * The one error type of {@code zk}: a proof (or, for the prover's self-check, a witness) that does
 * not meet the statement. Every instance carries a {@link Reason} and, where they help, what was
 * expected and what was found. Messages never contain witness values.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a proof was rejected. */
  public enum Reason {
    /** The bytes are not a well-formed proof: truncated, oversized, bad length or non-canonical field element. */
    MALFORMED,
    /** Unknown magic or format version. */
    UNSUPPORTED_VERSION,
    /** The proof's parameters prove fewer bits than the policy demands, or are outside what the verifier supports. */
    WEAK_PARAMETERS,
    /** The public inputs in the proof differ from the statement the caller verifies against, or are inconsistent. */
    PUBLIC_INPUT_MISMATCH,
    /** A Merkle opening does not lead to its committed root. */
    COMMITMENT_MISMATCH,
    /** The out-of-domain values do not satisfy the constraints (the composition check at z). */
    CONSTRAINT_MISMATCH,
    /** A queried DEEP value differs from the first FRI layer. */
    DEEP_MISMATCH,
    /** A FRI layer is not the fold of the previous one at a query. */
    FRI_FOLD_MISMATCH,
    /** The final FRI polynomial disagrees with the last layer, or its degree is too high. */
    FRI_FINAL_MISMATCH,
    /** The proof-of-work nonce does not have the required leading zero bits. */
    PROOF_OF_WORK_INVALID,
    /** Prover side: the witness does not satisfy the AIR (the prover refuses to prove it). */
    WITNESS_REJECTED
  }

  private final Reason reason;
  private final String expected;
  private final String actual;

  private VerificationException(Reason reason, String detail, String expected, String actual) {
    super(render(detail, expected, actual));
    this.reason = Objects.requireNonNull(reason);
    this.expected = expected;
    this.actual = actual;
  }

  /** An exception with a human sentence. */
  public static VerificationException of(Reason reason, String detail) {
    return new VerificationException(reason, detail, null, null);
  }

  /** An exception with a sentence and the expected and actual values. */
  public static VerificationException of(Reason reason, String detail, Object expected, Object actual) {
    return new VerificationException(reason, detail, String.valueOf(expected), String.valueOf(actual));
  }

  public Reason reason() {
    return reason;
  }

  /** What the check expected, or null. */
  public String expected() {
    return expected;
  }

  /** What the check found, or null. */
  public String actual() {
    return actual;
  }

  private static String render(String detail, String expected, String actual) {
    if (expected == null && actual == null) {
      return detail;
    }
    return detail + ": expected " + expected + ", found " + actual;
  }
}
