package dev.zkautograd.core.json;

import dev.zkautograd.core.CoreException;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing JSON the way every zk-autograd format does: a strict RFC 8259 + I-JSON
 * (RFC 7493) parser, and an RFC 8785 (JCS) canonical writer. See {@code docs/formats/canonical-json.md}.
 */
public final class Json {
  private Json() {}

  /** Parses UTF-8 JSON with the {@link JsonParseOptions#DEFAULT} limits. */
  public static JsonValue parse(byte[] utf8) throws CoreException {
    return parse(utf8, JsonParseOptions.DEFAULT);
  }

  /**
   * Parses UTF-8 JSON. Refuses (MALFORMED) syntax errors, invalid UTF-8, lone surrogates, duplicate
   * member names, control characters in strings, a byte order mark and numbers beyond the double
   * range; (TOO_LARGE) documents over the size or depth limit; and, where asked, (NOT_CANONICAL)
   * bytes that differ from their canonical form.
   */
  public static JsonValue parse(byte[] utf8, JsonParseOptions options) throws CoreException {
    JsonValue v = new JsonParser(utf8, options).parseDocument();
    if (options.requireCanonical()) {
      requireSame(write(v), utf8);
    }
    return v;
  }

  /** The RFC 8785 canonical UTF-8 bytes of {@code value}. */
  public static byte[] write(JsonValue value) {
    return writeString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** The RFC 8785 canonical text of {@code value}. */
  public static String writeString(JsonValue value) {
    StringBuilder out = new StringBuilder();
    JsonWriter.write(value, out);
    return out.toString();
  }

  private static void requireSame(byte[] canonical, byte[] given) throws CoreException {
    int n = Math.min(canonical.length, given.length);
    int at = 0;
    while (at < n && canonical[at] == given[at]) at++;
    if (at == n && canonical.length == given.length) {
      return;
    }
    throw CoreException.of(CoreException.Reason.NOT_CANONICAL, "JSON is not in RFC 8785 canonical form at byte " + at)
        .expected(snippet(canonical, at))
        .actual(snippet(given, at))
        .build();
  }

  private static String snippet(byte[] b, int at) {
    if (at >= b.length) return "end of input";
    int end = Math.min(b.length, at + 16);
    StringBuilder s = new StringBuilder("'");
    for (int i = at; i < end; i++) {
      int c = b[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "\\x" + Integer.toHexString(c));
    }
    return s.append("'").toString();
  }
}
