package dev.zkautograd.ezkl;

import java.util.Objects;

/**
 * The one error type of {@code zk-ezkl}: the worker could not be used, refused a request, or a key
 * file is not the one expected. Every instance carries a {@link Reason} and, where they help, what
 * was expected and what was found. Messages never contain witness values.
 */
public final class EzklException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an EZKL operation failed. */
  public enum Reason {
    /** No Python environment with EZKL where the worker is looked for: the message says how to install it. */
    WORKER_UNAVAILABLE,
    /** The worker process died, and did so again after one restart (the message carries its exit code and last log lines). */
    WORKER_CRASHED,
    /** The worker did not answer within the operation's time limit; it was killed. */
    TIMEOUT,
    /** The worker's bytes are not frames of the protocol (docs/formats/ezkl-worker-protocol.md). */
    PROTOCOL,
    /** The worker answered with an error frame: the request was refused or EZKL failed on it. */
    REQUEST_REFUSED,
    /** A key, settings or SRS file is missing or unreadable, or the key folder's description is malformed. */
    BAD_KEYS,
    /** A key, settings or SRS file is not the one recorded (its SHA-256 differs). */
    KEY_MISMATCH
  }

  private final Reason reason;
  private final String expected;
  private final String actual;

  private EzklException(Reason reason, String detail, String expected, String actual, Throwable cause) {
    super(render(detail, expected, actual), cause);
    this.reason = Objects.requireNonNull(reason);
    this.expected = expected;
    this.actual = actual;
  }

  /** An exception with a sentence. */
  public static EzklException of(Reason reason, String detail) {
    return new EzklException(reason, detail, null, null, null);
  }

  /** An exception with a sentence and its cause. */
  public static EzklException of(Reason reason, String detail, Throwable cause) {
    return new EzklException(reason, detail, null, null, cause);
  }

  /** An exception with a sentence and the expected and actual values. */
  public static EzklException of(Reason reason, String detail, Object expected, Object actual) {
    return new EzklException(reason, detail, String.valueOf(expected), String.valueOf(actual), null);
  }

  public Reason reason() {
    return reason;
  }

  /** What was expected, or null. */
  public String expected() {
    return expected;
  }

  /** What was found, or null. */
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
