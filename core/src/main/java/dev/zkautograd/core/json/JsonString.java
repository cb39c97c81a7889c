package dev.zkautograd.core.json;

/**
 * A JSON string. Holds only well-formed UTF-16 (no lone surrogates), so that every value has a
 * UTF-8 encoding (I-JSON, RFC 7493 §2.1).
 */
public record JsonString(String value) implements JsonValue {

  /** Refuses text with a lone surrogate, which no UTF-8 document can carry. */
  public JsonString {
    int bad = loneSurrogateAt(value);
    if (bad >= 0) {
      throw new IllegalArgumentException("lone surrogate at index " + bad);
    }
  }

  public static JsonString of(String value) {
    return new JsonString(value);
  }

  @Override
  public String kind() {
    return "string";
  }

  /** Index of the first lone surrogate in {@code s}, or -1. */
  static int loneSurrogateAt(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
