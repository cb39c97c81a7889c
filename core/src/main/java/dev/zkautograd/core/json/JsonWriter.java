package dev.zkautograd.core.json;

import java.util.Map;

/** RFC 8785 §3.2 serialisation; members are already in canonical order in {@link JsonObject}. */
final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  static void write(JsonValue v, StringBuilder out) {
    if (v instanceof JsonObject o) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        if (!first) out.append(',');
        first = false;
        writeString(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) out.append(',');
        write(a.get(i), out);
      }
      out.append(']');
    } else if (v instanceof JsonString s) {
      writeString(s.value(), out);
    } else if (v instanceof JsonNumber n) {
      out.append(EcmaNumber.toString(n.value()));
    } else if (v instanceof JsonBoolean b) {
      out.append(b.value() ? "true" : "false");
    } else {
      out.append("null");
    }
  }

  /** RFC 8785 §3.2.2.2: only '"', '\\' and C0 controls are escaped, with the short forms where JSON has them. */
  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
