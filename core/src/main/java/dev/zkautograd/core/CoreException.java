package dev.zkautograd.core;

import java.util.Objects;

/**
 * The one error type of {@code core}: bad bytes at a parser's edge, or a run that fails a check.
 *
 * <p>Every instance carries a {@link Reason} and, where known, where the problem is (file, step,
 * field) and what was expected against what was found, so that a command can print a line an
 * auditor can act on. Messages never include secret material.
 */
public final class CoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an input was refused. */
  public enum Reason {
    /** The bytes are not well-formed (JSON syntax, base64, hex, line structure). */
    MALFORMED,
    /** Well-formed, but not in the canonical form the format requires (RFC 8785, note layout). */
    NOT_CANONICAL,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong type, an out-of-range value, or is not allowed. */
    BAD_FIELD,
    /** A magic, format version or algorithm this code does not know. */
    UNSUPPORTED_VERSION,
    /** A value exceeds a size limit (line length, file size, tree size). */
    TOO_LARGE,
    /** A hash-chain link does not match its predecessor. */
    CHAIN_MISMATCH,
    /** A Merkle root differs from the one recomputed or published. */
    ROOT_MISMATCH,
    /** An inclusion proof does not lead to the root. */
    INCLUSION_PROOF_INVALID,
    /** A consistency proof does not connect two tree heads. */
    CONSISTENCY_PROOF_INVALID,
    /** A signature does not verify, or no signature by the expected key is present. */
    SIGNATURE_INVALID,
    /** A file's SHA-256 differs from the one recorded for it. */
    DIGEST_MISMATCH,
    /** Steps are missing, repeated or out of order. */
    STEP_SEQUENCE,
    /** The state committed at the end of one step is not the state the next step starts from. */
    STATE_CHAIN_BROKEN,
    /** A step proof was rejected by the proof system's verifier (the cause says why). */
    PROOF_INVALID,
    /** A prover's attestation document does not chain to the trusted root, meet the policy, or bind the declared key. */
    ATTESTATION_INVALID,
    /** An anchor's counter did not increase, or its tree does not extend the last anchored one. */
    ANCHOR_REJECTED,
    /** A file could not be read or written. */
    IO
  }

  private final Reason reason;
  private final String detail;
  private final String file;
  private final Long step;
  private final String field;
  private final String expected;
  private final String actual;

  private CoreException(Builder b, Throwable cause) {
    super(render(b), cause);
    this.reason = b.reason;
    this.detail = b.detail;
    this.file = b.file;
    this.step = b.step;
    this.field = b.field;
    this.expected = b.expected;
    this.actual = b.actual;
  }

  /** Starts an exception for {@code reason} with a human sentence saying what is wrong. */
  public static Builder of(Reason reason, String detail) {
    return new Builder(reason, detail);
  }

  public Reason reason() {
    return reason;
  }

  /** The sentence saying what is wrong, without the location and the expected/found values. */
  public String detail() {
    return detail;
  }

  /** The file the problem was found in, relative to the run directory, or null. */
  public String file() {
    return file;
  }

  /** The step number the problem concerns, or null. */
  public Long step() {
    return step;
  }

  /** The field (JSON member, note line, proof section) at fault, or null. */
  public String field() {
    return field;
  }

  /** What the check expected, or null. */
  public String expected() {
    return expected;
  }

  /** What the check found, or null. */
  public String actual() {
    return actual;
  }

  /**
   * Returns a copy of this exception with the file (and step) filled in where still unknown: a
   * parser knows the field, its caller knows the file.
   */
  public CoreException at(String file, Long step) {
    Builder b = new Builder(reason, detail);
    b.file = this.file != null ? this.file : file;
    b.step = this.step != null ? this.step : step;
    b.field = field;
    b.expected = expected;
    b.actual = actual;
    return new CoreException(b, getCause());
  }

  private static String render(Builder b) {
    StringBuilder s = new StringBuilder(b.detail);
    StringBuilder where = new StringBuilder();
    if (b.file != null) where.append("file ").append(b.file);
    if (b.step != null) where.append(where.length() > 0 ? ", " : "").append("step ").append(b.step);
    if (b.field != null) where.append(where.length() > 0 ? ", " : "").append("field ").append(b.field);
    if (where.length() > 0) s.append(" [").append(where).append(']');
    if (b.expected != null || b.actual != null) {
      s.append(": expected ").append(b.expected).append(", found ").append(b.actual);
    }
    return s.toString();
  }

  /** Collects the optional parts of a {@link CoreException}. */
  public static final class Builder {
    private final Reason reason;
    private final String detail;
    private String file;
    private Long step;
    private String field;
    private String expected;
    private String actual;

    private Builder(Reason reason, String detail) {
      this.reason = Objects.requireNonNull(reason);
      this.detail = Objects.requireNonNull(detail);
    }

    public Builder file(String file) {
      this.file = file;
      return this;
    }

    public Builder step(long step) {
      this.step = step;
      return this;
    }

    public Builder field(String field) {
      this.field = field;
      return this;
    }

    public Builder expected(Object expected) {
      this.expected = String.valueOf(expected);
      return this;
    }

    public Builder actual(Object actual) {
      this.actual = String.valueOf(actual);
      return this;
    }

    public CoreException build() {
      return new CoreException(this, null);
    }

    public CoreException build(Throwable cause) {
      return new CoreException(this, cause);
    }
  }
}
