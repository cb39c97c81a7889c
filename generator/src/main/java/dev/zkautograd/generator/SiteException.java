package dev.zkautograd.generator;

import java.util.Objects;

/**
 * The one error type of the generator and its companion service: a site that cannot be written,
 * or a request that cannot be served. Carries a {@link Reason} and, where it helps, what was
 * expected against what was found.
 */
public final class SiteException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the generator or the service refused. */
  public enum Reason {
    /** An option or request parameter is out of range or malformed. */
    BAD_INPUT,
    /** No run directory (a folder with run_manifest.json) was found. */
    NO_RUNS,
    /** No run with the requested id. */
    NOT_FOUND,
    /** The output folder holds files the generator did not write; it is never wiped. */
    OUT_NOT_EMPTY,
    /** A request or upload is larger than the service accepts. */
    TOO_LARGE,
    /** A file could not be read or written. */
    IO
  }

  private final Reason reason;
  private final String expected;
  private final String actual;

  public SiteException(Reason reason, String message) {
    this(reason, message, null, null, null);
  }

  public SiteException(Reason reason, String message, String expected, String actual, Throwable cause) {
    super(message + (expected == null ? "" : " (expected " + expected + ", found " + actual + ")"), cause);
    this.reason = Objects.requireNonNull(reason);
    this.expected = expected;
    this.actual = actual;
  }

  public Reason reason() {
    return reason;
  }

  /** What was expected, or null. */
  public String expected() {
    return expected;
  }

  /** What was found instead, or null. */
  public String actual() {
    return actual;
  }
}
