package dev.zkautograd.core.json;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict recursive-descent parser of UTF-8 JSON (RFC 8259 + I-JSON). It decodes UTF-8 itself so
 * that invalid sequences (overlong forms, encoded surrogates, code points past U+10FFFF, truncation)
 * are refused rather than replaced, and keeps the path to the current value for error messages.
 */
final class JsonParser {
  private final byte[] in;
  private final JsonParseOptions options;
  private final List<Object> path = new ArrayList<>(); // member names (String) and indices (Integer)
  private int pos;

  JsonParser(byte[] in, JsonParseOptions options) {
    this.in = in;
    this.options = options;
  }

  JsonValue parseDocument() throws CoreException {
    if (in.length > options.maxBytes()) {
      throw CoreException.of(Reason.TOO_LARGE, "JSON document too large")
          .expected("at most " + options.maxBytes() + " bytes")
          .actual(in.length + " bytes")
          .build();
    }
    if (in.length >= 3 && (in[0] & 0xff) == 0xEF && (in[1] & 0xff) == 0xBB && (in[2] & 0xff) == 0xBF) {
      throw error("a byte order mark is not allowed (RFC 8259 §8.1)");
    }
    skipWhitespace();
    JsonValue v = parseValue(0);
    skipWhitespace();
    if (pos != in.length) {
      throw error("unexpected bytes after the JSON value");
    }
    return v;
  }

  private JsonValue parseValue(int depth) throws CoreException {
    if (pos >= in.length) {
      throw error("unexpected end of input, expected a value");
    }
    int b = in[pos];
    switch (b) {
      case '{':
        return parseObject(depth + 1);
      case '[':
        return parseArray(depth + 1);
      case '"':
        return new JsonString(parseString());
      case 't':
        literal("true");
        return JsonBoolean.TRUE;
      case 'f':
        literal("false");
        return JsonBoolean.FALSE;
      case 'n':
        literal("null");
        return JsonNull.NULL;
      default:
        if (b == '-' || (b >= '0' && b <= '9')) {
          return parseNumber();
        }
        throw error("unexpected " + describe(b) + ", expected a value");
    }
  }

  private JsonObject parseObject(int depth) throws CoreException {
    checkDepth(depth);
    pos++; // '{'
    JsonObject.Builder members = JsonObject.builder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members.build();
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in double quotes");
      }
      String name = parseString();
      path.add(name);
      if (!seen.add(name)) {
        throw error("duplicate member name (I-JSON, RFC 7493 §2.3)");
      }
      skipWhitespace();
      expect(':');
      skipWhitespace();
      members.put(name, parseValue(depth));
      path.remove(path.size() - 1);
      skipWhitespace();
      int c = peek();
      pos++;
      if (c == '}') {
        return members.build();
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  private JsonArray parseArray(int depth) throws CoreException {
    checkDepth(depth);
    pos++; // '['
    List<JsonValue> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return new JsonArray(elements);
    }
    while (true) {
      path.add(elements.size());
      skipWhitespace();
      elements.add(parseValue(depth));
      path.remove(path.size() - 1);
      skipWhitespace();
      int c = peek();
      pos++;
      if (c == ']') {
        return new JsonArray(elements);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private void checkDepth(int depth) throws CoreException {
    if (depth > options.maxDepth()) {
      throw CoreException.of(Reason.TOO_LARGE, "JSON nested too deeply at byte " + pos)
          .field(pathText())
          .expected("at most " + options.maxDepth() + " levels")
          .actual("more")
          .build();
    }
  }

  /** Reads a string starting at the opening quote; returns its value. */
  private String parseString() throws CoreException {
    pos++; // opening quote
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated string");
      }
      int b = in[pos] & 0xff;
      if (b == '"') {
        pos++;
        return s.toString();
      }
      if (b == '\\') {
        parseEscape(s);
      } else if (b < 0x20) {
        throw error("control character " + describe(b) + " must be escaped in a string");
      } else if (b < 0x80) {
        s.append((char) b);
        pos++;
      } else {
        s.appendCodePoint(decodeUtf8(b));
      }
    }
  }

  private void parseEscape(StringBuilder s) throws CoreException {
    int at = pos;
    pos++; // backslash
    if (pos >= in.length) {
      throw error("unterminated escape");
    }
    int e = in[pos++];
    switch (e) {
      case '"' -> s.append('"');
      case '\\' -> s.append('\\');
      case '/' -> s.append('/');
      case 'b' -> s.append('\b');
      case 'f' -> s.append('\f');
      case 'n' -> s.append('\n');
      case 'r' -> s.append('\r');
      case 't' -> s.append('\t');
      case 'u' -> {
        char c = (char) hex4();
        if (Character.isHighSurrogate(c)) {
          if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
            pos += 2;
            char low = (char) hex4();
            if (!Character.isLowSurrogate(low)) {
              pos = at;
              throw error("lone surrogate \\u" + Integer.toHexString(c) + " (I-JSON, RFC 7493 §2.1)");
            }
            s.append(c).append(low);
          } else {
            pos = at;
            throw error("lone surrogate \\u" + Integer.toHexString(c) + " (I-JSON, RFC 7493 §2.1)");
          }
        } else if (Character.isLowSurrogate(c)) {
          pos = at;
          throw error("lone surrogate \\u" + Integer.toHexString(c) + " (I-JSON, RFC 7493 §2.1)");
        } else {
          s.append(c);
        }
      }
      default -> {
        pos = at;
        throw error("invalid escape \\" + describe(e));
      }
    }
  }

  private int hex4() throws CoreException {
    if (pos + 4 > in.length) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int b = in[pos++];
      int d;
      if (b >= '0' && b <= '9') d = b - '0';
      else if (b >= 'a' && b <= 'f') d = b - 'a' + 10;
      else if (b >= 'A' && b <= 'F') d = b - 'A' + 10;
      else {
        pos--;
        throw error("invalid hex digit " + describe(b) + " in \\u escape");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** Decodes one multi-byte UTF-8 sequence whose lead byte is {@code lead} (RFC 3629 §4). */
  private int decodeUtf8(int lead) throws CoreException {
    int need;
    int min;
    int max;
    int cp;
    if (lead >= 0xC2 && lead <= 0xDF) {
      need = 1;
      cp = lead & 0x1F;
      min = 0x80;
      max = 0xBF;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      need = 2;
      cp = lead & 0x0F;
      min = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
      max = lead == 0xED ? 0x9F : 0xBF; // no encoded surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      need = 3;
      cp = lead & 0x07;
      min = lead == 0xF0 ? 0x90 : 0x80; // no overlong forms
      max = lead == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
    } else {
      throw error("invalid UTF-8 lead byte " + describe(lead));
    }
    int start = pos;
    pos++;
    for (int i = 0; i < need; i++) {
      if (pos >= in.length) {
        pos = start;
        throw error("truncated UTF-8 sequence");
      }
      int b = in[pos] & 0xff;
      int lo = i == 0 ? min : 0x80;
      int hi = i == 0 ? max : 0xBF;
      if (b < lo || b > hi) {
        pos = start;
        throw error("invalid UTF-8 sequence");
      }
      cp = (cp << 6) | (b & 0x3F);
      pos++;
    }
    return cp;
  }

  private JsonNumber parseNumber() throws CoreException {
    int start = pos;
    if (peek() == '-') pos++;
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error("leading zeros are not allowed in numbers");
      }
    } else if (isDigit(peek())) {
      while (isDigit(peek())) pos++;
    } else {
      throw error("expected a digit");
    }
    boolean integer = true;
    if (peek() == '.') {
      integer = false;
      pos++;
      if (!isDigit(peek())) throw error("expected a digit after the decimal point");
      while (isDigit(peek())) pos++;
    }
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      if (!isDigit(peek())) throw error("expected a digit in the exponent");
      while (isDigit(peek())) pos++;
    }
    int digits = pos - start - (in[start] == '-' ? 1 : 0);
    double value;
    if (integer && digits <= 15) {
      long v = 0; // exact, and no Double.parseDouble on the common path
      for (int i = in[start] == '-' ? start + 1 : start; i < pos; i++) v = v * 10 + (in[i] - '0');
      value = in[start] == '-' ? -(double) v : (double) v;
    } else {
      value = Double.parseDouble(new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII));
      if (Double.isInfinite(value)) {
        pos = start;
        throw error("number outside the IEEE 754 double range (I-JSON, RFC 7493 §2.2)");
      }
    }
    return JsonNumber.parsed(value, integer);
  }

  private static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  private void literal(String word) throws CoreException {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw error("invalid literal, expected " + word);
      }
    }
    pos += word.length();
  }

  private void expect(char c) throws CoreException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** The byte at the current position, or -1 at the end. */
  private int peek() {
    return pos < in.length ? in[pos] : -1;
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte b = in[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return;
      pos++;
    }
  }

  private CoreException error(String detail) {
    String where = pos >= in.length ? " at end of input" : " at byte " + pos;
    return CoreException.of(Reason.MALFORMED, "invalid JSON: " + detail + where).field(pathText()).build();
  }

  private static String describe(int b) {
    if (b < 0) return "end of input";
    int u = b & 0xff;
    return u >= 0x21 && u < 0x7f ? "'" + (char) u + "'" : "byte 0x" + Integer.toHexString(u);
  }

  /** The path of the value being read, as "a.b[2].c", or null at the top. */
  private String pathText() {
    if (path.isEmpty()) return null;
    return JsonFields.renderPath(path);
  }
}
