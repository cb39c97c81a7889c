package dev.zkautograd.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.zkautograd.core.CoreException;
import java.util.Arrays;
import java.util.Random;

/** Shared by the property tests and the Jazzer target: what "only the typed error" means. */
public final class JsonFuzzing {
  private static final byte[] SIGNIFICANT = "{}[]\",:\\0-.eE \u0080".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  private JsonFuzzing() {}

  /**
   * Parses {@code bytes} in both modes; a CoreException is fine, anything else escapes and fails the
   * caller. What parses must write back to bytes that read back canonically as the same value.
   */
  public static void parseAnything(byte[] bytes) {
    try {
      JsonValue v = Json.parse(bytes, JsonParseOptions.DEFAULT.withMaxDepth(32));
      byte[] c = Json.write(v);
      assertArrayEquals(c, Json.write(Json.parse(c, JsonParseOptions.CANONICAL)));
    } catch (CoreException expected) {
      // the typed refusal is the one allowed outcome
    }
    try {
      Json.parse(bytes, JsonParseOptions.CANONICAL);
    } catch (CoreException expected) {
      // likewise
    }
  }

  /** One to four random byte edits: flip, insert, delete, or overwrite with a JSON-significant byte. */
  public static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> {
          if (b.length > 0) b[at] ^= (byte) (1 << r.nextInt(8));
        }
        case 1 -> {
          byte[] n = new byte[b.length + 1];
          System.arraycopy(b, 0, n, 0, at);
          n[at] = SIGNIFICANT[r.nextInt(SIGNIFICANT.length)];
          System.arraycopy(b, at, n, at + 1, b.length - at);
          b = n;
        }
        case 2 -> {
          if (b.length > 0) {
            byte[] n = Arrays.copyOf(b, b.length - 1);
            System.arraycopy(b, at + 1, n, at, b.length - at - 1);
            b = n;
          }
        }
        default -> {
          if (b.length > 0) b[at] = (byte) (0xC0 + r.nextInt(64));
        }
      }
    }
    return b;
  }
}
