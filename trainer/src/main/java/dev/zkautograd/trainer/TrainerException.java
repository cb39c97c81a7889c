package dev.zkautograd.trainer;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * The one error type of {@code trainer}: a model or data file, or a model framework, that the
 * trainer cannot use. Every instance carries a {@link Reason} and, where known, the file, the line
 * (1-based, text files) and the field, and what was expected against what was found, so that the
 * command can print one line a user can act on. Messages never include weights or gradients.
 */
public final class TrainerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an input was refused. */
  public enum Reason {
    /** The bytes are not well-formed: truncated, a wrong magic, a line that is not CSV of numbers. */
    MALFORMED,
    /** A magic or format version this code does not know. */
    UNSUPPORTED_VERSION,
    /** A field is out of range or not allowed (a width, a label, a feature, a weight). */
    BAD_FIELD,
    /** A file or value exceeds a size limit. */
    TOO_LARGE,
    /** Two inputs that must agree do not (the data's feature count and the model's input width). */
    MISMATCH,
    /** A file could not be read or written. */
    IO,
    /** The model framework could not be started as configured (DJL's engine, its natives, offline mode). */
    ENGINE
  }

  private final Reason reason;
  private final String file;
  private final Long line;
  private final String field;
  private final String expected;
  private final String actual;

  private TrainerException(Builder b, Throwable cause) {
    super(render(b), cause);
    this.reason = b.reason;
    this.file = b.file;
    this.line = b.line;
    this.field = b.field;
    this.expected = b.expected;
    this.actual = b.actual;
  }

  /** Starts an exception for {@code reason} with a sentence saying what is wrong. */
  public static Builder of(Reason reason, String detail) {
    return new Builder(reason, detail);
  }

  public Reason reason() {
    return reason;
  }

  /** The file concerned, or null. */
  public String file() {
    return file;
  }

  /** The 1-based line of a text file, or null. */
  public Long line() {
    return line;
  }

  /** The field concerned, or null. */
  public String field() {
    return field;
  }

  /** What was expected, or null. */
  public String expected() {
    return expected;
  }

  /** What was found, or null. */
  public String actual() {
    return actual;
  }

  private static String render(Builder b) {
    StringJoiner where = new StringJoiner(", ", " [", "]").setEmptyValue("");
    if (b.file != null) where.add("file " + b.file);
    if (b.line != null) where.add("line " + b.line);
    if (b.field != null) where.add("field " + b.field);
    String found = b.expected == null && b.actual == null ? "" : ": expected " + b.expected + ", found " + b.actual;
    return b.detail + where + found;
  }

  /** Collects the optional parts of a {@link TrainerException}. */
  public static final class Builder {
    private final Reason reason;
    private final String detail;
    private String file;
    private Long line;
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

    public Builder line(long line) {
      this.line = line;
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

    public TrainerException build() {
      return new TrainerException(this, null);
    }

    public TrainerException build(Throwable cause) {
      return new TrainerException(this, cause);
    }
  }
}
