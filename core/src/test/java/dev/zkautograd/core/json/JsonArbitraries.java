package dev.zkautograd.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of JSON documents, and a noisy (valid, non-canonical) serialiser of them. */
public final class JsonArbitraries {
  private JsonArbitraries() {}

  /** Text without lone surrogates, biased to the characters that stress escaping and sorting. */
  public static Arbitrary<String> text() {
    Arbitrary<Character> special = Arbitraries.of('"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f',
        '\u0080', '\u00f6', '\u20ac', '\u2028', '\ufb33', '\uffff', 'a', 'B', '1');
    Arbitrary<String> pairs = Arbitraries.of("\ud83d\ude00", "\ud800\udc00", "\udbff\udfff");
    Arbitrary<String> piece = Arbitraries.oneOf(
        special.map(String::valueOf), pairs, Arbitraries.chars().ascii().map(String::valueOf),
        Arbitraries.chars().range('\u0100', '\ud7ff').map(String::valueOf));
    return piece.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  public static Arbitrary<JsonNumber> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-JsonNumber.MAX_SAFE_INTEGER, JsonNumber.MAX_SAFE_INTEGER).map(JsonNumber::of),
        Arbitraries.integers().between(-1000, 1000).map(i -> JsonNumber.of((long) i)),
        Arbitraries.doubles().filter(d -> !Double.isNaN(d) && !Double.isInfinite(d)).map(JsonNumber::of),
        Arbitraries.longs().map(bits -> Double.longBitsToDouble(bits)).filter(d -> !Double.isNaN(d) && !Double.isInfinite(d))
            .map(JsonNumber::of));
  }

  public static Arbitrary<JsonValue> values() {
    return values(4);
  }

  private static Arbitrary<JsonValue> values(int depth) {
    Arbitrary<JsonValue> leaf = Arbitraries.oneOf(
        text().map(s -> (JsonValue) new JsonString(s)),
        numbers().map(n -> (JsonValue) n),
        Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.NULL).map(v -> (JsonValue) v));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonValue> child = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<JsonValue> array = child.list().ofMaxSize(4).map(l -> (JsonValue) new JsonArray(l));
    Arbitrary<JsonValue> object = Combinators.combine(text(), child).as(Map::entry).list().ofMaxSize(4).map(entries -> {
      JsonObject.Builder b = JsonObject.builder();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Map.Entry<String, JsonValue> e : entries) {
        if (seen.add(e.getKey())) b.put(e.getKey(), e.getValue());
      }
      return (JsonValue) b.build();
    });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, array), net.jqwik.api.Tuple.of(2, object));
  }

  /**
   * Writes {@code v} as valid JSON that is (usually) not canonical: random whitespace, shuffled
   * members, escapes where none are needed, numbers in Java's notation with exponents.
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
      String t = r.nextBoolean() ? Double.toString(d) : new java.math.BigDecimal(d).toString();
      out.append(t.replace("Infinity", "1e400"));
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
}
