package dev.zkautograd.core.json;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The members of one JSON object, read as typed fields of a zk-autograd format.
 *
 * <p>Each accessor refuses a missing member (MISSING_FIELD) or a wrong type or value (BAD_FIELD),
 * naming the field by its full path ({@code chunks[2].state_in}); {@link #refuseUnknown()} then
 * refuses every member that no accessor asked for. The conventions checked here are those of
 * {@code docs/formats/canonical-json.md}: numbers are safe integers written without fraction or
 * exponent, larger or fixed-point integers are decimal strings, digests are 64 lower-case hex digits.
 */
public final class JsonFields {
  private static final int MAX_DECIMAL_LENGTH = 64;

  private final JsonObject object;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private JsonFields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /** Reads {@code value}, found at {@code path} (null for a whole document), as an object. */
  public static JsonFields of(JsonValue value, String path) throws CoreException {
    if (!(value instanceof JsonObject o)) {
      throw CoreException.of(Reason.BAD_FIELD, "expected a JSON object")
          .field(path == null ? "(document)" : path)
          .expected("object")
          .actual(value.kind())
          .build();
    }
    return new JsonFields(o, path);
  }

  /** The full path of member {@code name} of this object. */
  public String field(String name) {
    return path == null ? name : path + "." + name;
  }

  /** Renders a path of member names (String) and array indices (Integer) as "a.b[2].c". */
  static String renderPath(List<Object> parts) {
    StringBuilder s = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof Integer) {
        s.append('[').append(p).append(']');
      } else {
        if (s.length() > 0) s.append('.');
        s.append(p);
      }
    }
    return s.toString();
  }

  /** True when the member is present (a JSON null counts as present). */
  public boolean has(String name) {
    return object.get(name) != null;
  }

  /** The member's value, of any kind. */
  public JsonValue value(String name) throws CoreException {
    JsonValue v = object.get(name);
    if (v == null) {
      throw CoreException.of(Reason.MISSING_FIELD, "required member is missing").field(field(name)).build();
    }
    read.add(name);
    return v;
  }

  /** Requires member "format" to be exactly {@code expected}; anything else is UNSUPPORTED_VERSION. */
  public void format(String expected) throws CoreException {
    String f = string("format", 128);
    if (!f.equals(expected)) {
      throw CoreException.of(Reason.UNSUPPORTED_VERSION, "unknown format or format version")
          .field(field("format"))
          .expected(expected)
          .actual(f)
          .build();
    }
  }

  /** A string of at most {@code maxLength} UTF-16 units. */
  public String string(String name, int maxLength) throws CoreException {
    String s = this.<JsonString>typed(name, "string").value();
    if (s.length() > maxLength) {
      throw bad(name, "string too long", "at most " + maxLength + " characters", s.length() + " characters");
    }
    return s;
  }

  /** A string that must be one of {@code allowed}. */
  public String oneOf(String name, String... allowed) throws CoreException {
    String s = string(name, 64);
    for (String a : allowed) {
      if (a.equals(s)) return s;
    }
    throw bad(name, "value not allowed here", String.join(" or ", allowed), s);
  }

  /** A number that is an integer in [min, max], written without fraction or exponent. */
  public long integer(String name, long min, long max) throws CoreException {
    JsonNumber n = this.<JsonNumber>typed(name, "number");
    if (!n.isSafeInteger()) {
      throw bad(name, "zk-autograd formats carry only safe integers as numbers (no fraction, no exponent,"
          + " |n| <= 2^53-1; larger values are decimal strings)", "an integer", n.toString());
    }
    return inRange(name, n.longValue(), min, max);
  }

  /** A decimal string of a non-negative integer ("0" or no leading zero) in [min, max]. */
  public long decimalInteger(String name, long min, long max) throws CoreException {
    String s = string(name, MAX_DECIMAL_LENGTH);
    boolean ok = !s.isEmpty() && s.length() <= 19 && (s.length() == 1 || s.charAt(0) != '0');
    for (int i = 0; ok && i < s.length(); i++) {
      ok = s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }
    if (!ok || (s.length() == 19 && s.compareTo("9223372036854775807") > 0)) {
      throw bad(name, "not a decimal integer", "digits 0-9 without sign or leading zeros, at most 2^63-1", s);
    }
    return inRange(name, Long.parseLong(s), min, max);
  }

  /**
   * A decimal string such as "-0.6931" (optional minus, integer part without leading zeros, optional
   * fraction, no exponent), kept as text: these are values for display, never for arithmetic.
   */
  public String decimal(String name, boolean allowNegative) throws CoreException {
    String s = string(name, MAX_DECIMAL_LENGTH);
    if (!isDecimal(s, allowNegative)) {
      throw bad(name, "not a decimal number", (allowNegative ? "" : "non-negative ") + "digits with an optional fraction, no exponent", s);
    }
    return s;
  }

  /** Whether {@code s} is a decimal in the form {@link #decimal} accepts. */
  public static boolean isDecimal(String s, boolean allowNegative) {
    int i = 0;
    if (allowNegative && s.startsWith("-")) i = 1;
    int intStart = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) return false;
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      int fracStart = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      if (i == fracStart) return false;
    }
    return i == s.length();
  }

  /** A SHA-256 digest as 64 lower-case hex digits. */
  public Digest digest(String name) throws CoreException {
    return Digest.parseHex(this.<JsonString>typed(name, "string").value(), field(name));
  }

  /** A nested object. */
  public JsonFields object(String name) throws CoreException {
    return new JsonFields(this.<JsonObject>typed(name, "object"), field(name));
  }

  /** A nested object, or null where the member is JSON null. */
  public JsonFields objectOrNull(String name) throws CoreException {
    return value(name) == JsonNull.NULL ? null : object(name);
  }

  /** The elements of an array of at most {@code maxSize} elements, each to be read at {@link #elementPath}. */
  public List<JsonValue> array(String name, int maxSize) throws CoreException {
    JsonArray a = this.<JsonArray>typed(name, "array");
    if (a.size() > maxSize) {
      throw CoreException.of(Reason.TOO_LARGE, "array too long")
          .field(field(name))
          .expected("at most " + maxSize + " elements")
          .actual(a.size() + " elements")
          .build();
    }
    return a.elements();
  }

  /** The path of element {@code index} of array member {@code name}. */
  public String elementPath(String name, int index) {
    return field(name) + "[" + index + "]";
  }

  /** The object's members that no accessor has read. */
  public List<String> unread() {
    List<String> left = new ArrayList<>();
    for (String n : object.members().keySet()) {
      if (!read.contains(n)) left.add(n);
    }
    return left;
  }

  /** Refuses the first member no accessor has read: formats are closed, unknown members are errors. */
  public void refuseUnknown() throws CoreException {
    List<String> left = unread();
    if (!left.isEmpty()) {
      throw CoreException.of(Reason.BAD_FIELD, "unknown member").field(field(left.get(0))).build();
    }
  }

  /** A BAD_FIELD error for member {@code name} of this object. */
  public CoreException bad(String name, String detail, Object expected, Object actual) {
    return CoreException.of(Reason.BAD_FIELD, detail).field(field(name)).expected(expected).actual(actual).build();
  }

  private long inRange(String name, long v, long min, long max) throws CoreException {
    if (v < min || v > max) {
      throw bad(name, "value out of range", "[" + min + ", " + max + "]", v);
    }
    return v;
  }

  /** The member, which must be of JSON kind {@code kind} ("string", "number", ...); no reflection, for TeaVM. */
  @SuppressWarnings("unchecked")
  private <T extends JsonValue> T typed(String name, String kind) throws CoreException {
    JsonValue v = value(name);
    if (!v.kind().equals(kind)) {
      throw bad(name, "wrong JSON type", kind, v.kind());
    }
    return (T) v;
  }
}
