package dev.zkautograd.core.json;

/**
 * A JSON number: an IEEE 754 double (I-JSON), plus whether it was written as an integer literal.
 *
 * <p>zk-autograd formats use numbers only for integers in the safe range |n| ≤ 2^53−1; {@link
 * JsonFields} refuses fractions and exponents there. The general model still reads any number so
 * that the canonicalizer is complete RFC 8785.
 */
public final class JsonNumber implements JsonValue {
  /** 2^53−1, the largest integer every JSON reader holds exactly (RFC 7493 §2.2). */
  public static final long MAX_SAFE_INTEGER = 9007199254740991L;

  private final double value;
  private final boolean integerLiteral;

  private JsonNumber(double value, boolean integerLiteral) {
    this.value = value;
    this.integerLiteral = integerLiteral;
  }

  /** An integer in the safe range. */
  public static JsonNumber of(long value) {
    if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException(value + " is outside the JSON safe integer range; write it as a decimal string");
    }
    return new JsonNumber(value, true);
  }

  /** Any finite double (JSON has no NaN or infinity). */
  public static JsonNumber of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    return new JsonNumber(value, value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER);
  }

  /** Called by the parser with the literal's value and shape. */
  static JsonNumber parsed(double value, boolean integerLiteral) {
    return new JsonNumber(value, integerLiteral);
  }

  public double value() {
    return value;
  }

  /**
   * True when the number was written without fraction or exponent and is a safe integer: the only
   * numbers zk-autograd formats accept.
   */
  public boolean isSafeInteger() {
    return integerLiteral && Math.abs(value) <= MAX_SAFE_INTEGER;
  }

  /** The value as a long; only meaningful when {@link #isSafeInteger()}. */
  public long longValue() {
    return (long) value;
  }

  @Override
  public String kind() {
    return "number";
  }

  /** Equal when the canonical forms are equal (so 0 equals -0, and 1 equals 1.0). */
  @Override
  public boolean equals(Object o) {
    return o instanceof JsonNumber && ((JsonNumber) o).value == value;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(value == 0 ? 0.0 : value);
  }

  @Override
  public String toString() {
    return EcmaNumber.toString(value);
  }
}
