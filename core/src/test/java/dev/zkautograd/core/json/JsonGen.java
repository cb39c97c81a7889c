package dev.zkautograd.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random JSON documents for property tests, and a noisy (valid, non-canonical) serialiser of them. */
public final class JsonGen {
  private static final String SPECIAL = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u0080\u00f6\u20ac\u2028\ufb33\uffffaB1";
  private static final String[] PAIRS = {"\ud83d\ude00", "\ud800\udc00", "\udbff\udfff"};

  private static final String JSON_ALPHABET = "{}[]\",:0123456789-.eEtrufalsn \\u";

  private JsonGen() {}

  /** Text without lone surrogates, biased to the characters that stress escaping and sorting. */
  public static String text(Random r) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(13);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(4)) {
        case 0 -> s.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
        case 1 -> s.append(PAIRS[r.nextInt(PAIRS.length)]);
        case 2 -> s.append((char) r.nextInt(0x80));
        default -> s.append((char) (0x100 + r.nextInt(0xd7ff - 0x100)));
      }
    }
    return s.toString();
  }

  /** A finite double from several distributions: raw bit patterns, powers of two and ten, small integers. */
  public static double finiteDouble(Random r) {
    while (true) {
      double d = switch (r.nextInt(5)) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
        case 2 -> Math.scalb(1.0, r.nextInt(2200) - 1100);
        case 3 -> Math.pow(10, r.nextInt(61) - 30);
        default -> (r.nextInt(2001) - 1000) / (r.nextBoolean() ? 1.0 : 8.0);
      };
      if (!Double.isNaN(d) && !Double.isInfinite(d)) return r.nextBoolean() ? d : -d;
    }
  }

  public static JsonNumber number(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> JsonNumber.of((r.nextLong() >> 11) % JsonNumber.MAX_SAFE_INTEGER);
      case 1 -> JsonNumber.of((long) (r.nextInt(2001) - 1000));
      default -> JsonNumber.of(finiteDouble(r));
    };
  }

  public static JsonValue value(Random r) {
    return value(r, 4);
  }

  private static JsonValue value(Random r, int depth) {
    int kind = r.nextInt(depth == 0 ? 3 : 7);
    switch (kind) {
      case 0:
        return new JsonString(text(r));
      case 1:
        return number(r);
      case 2:
        return new JsonValue[] {JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.NULL}[r.nextInt(3)];
      case 3:
      case 4: {
        List<JsonValue> l = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) l.add(value(r, depth - 1));
        return new JsonArray(l);
      }
      default: {
        JsonObject.Builder b = JsonObject.builder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          String k = text(r);
          if (seen.add(k)) b.put(k, value(r, depth - 1));
        }
        return b.build();
      }
    }
  }

  /**
   * Writes {@code v} as valid JSON that is (usually) not canonical: random whitespace, shuffled
   * members, escapes where none are needed, numbers in Java's notations with exponents.
   */
  public static String noisy(JsonValue v, Random r) {
    StringBuilder out = new StringBuilder();
    noisy(v, r, out);
    return out.toString();
  }

  private static void noisy(JsonValue v, Random r, StringBuilder out) {
    space(r, out);
    if (v instanceof JsonObject o) {
      out.append('{');
      List<Map.Entry<String, JsonValue>> members = new ArrayList<>(o.members().entrySet());
      Collections.shuffle(members, r);
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) out.append(',');
        space(r, out);
        string(members.get(i).getKey(), r, out);
        space(r, out);
        out.append(':');
        noisy(members.get(i).getValue(), r, out);
      }
      space(r, out);
      out.append('}');
    } else if (v instanceof JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) out.append(',');
        noisy(a.get(i), r, out);
      }
      space(r, out);
      out.append(']');
    } else if (v instanceof JsonString s) {
      string(s.value(), r, out);
    } else if (v instanceof JsonNumber n) {
      double d = n.value();
      out.append(r.nextBoolean() ? Double.toString(d) : new java.math.BigDecimal(d).toString());
    } else {
      out.append(Json.writeString(v));
    }
    space(r, out);
  }

  private static void string(String s, Random r, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (cp == '"' || cp == '\\' || cp < 0x20 || r.nextInt(8) == 0) {
        if (cp == '/' && r.nextBoolean()) {
          out.append("\\/");
        } else {
          for (int j = i; j < i + n; j++) out.append(String.format("\\u%04X", (int) s.charAt(j)));
        }
      } else {
        out.append(s, i, i + n);
      }
      i += n;
    }
    out.append('"');
  }

  private static void space(Random r, StringBuilder out) {
    int n = r.nextInt(4) == 0 ? r.nextInt(3) : 0;
    for (int i = 0; i < n; i++) out.append(" \t\n\r".charAt(r.nextInt(4)));
  }

  /** Random bytes, length 0-64, sometimes drawn from JSON's own alphabet. */
  public static byte[] bytes(Random r) {
    byte[] b = new byte[r.nextInt(65)];
    boolean jsonish = r.nextBoolean();
    for (int i = 0; i < b.length; i++) {
      b[i] = jsonish ? (byte) JSON_ALPHABET.charAt(r.nextInt(JSON_ALPHABET.length())) : (byte) r.nextInt(256);
    }
    return b;
  }
}
