package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;

/**
 * Standard base64 (RFC 4648 §4) with exactly one accepted spelling per byte string: padding is
 * required, no whitespace, and the unused bits of the last character must be zero (RFC 4648 §3.5
 * allows decoders to insist on this). With a lenient decoder two different signature lines could
 * decode to the same bytes, so a note could be changed without its signatures noticing. Also the
 * encoding of every other base64 value in the run formats (the manifest signature).
 */
public final class StrictBase64 {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private StrictBase64() {}

  public static String encode(byte[] data) {
    StringBuilder s = new StringBuilder((data.length + 2) / 3 * 4);
    int i = 0;
    for (; i + 3 <= data.length; i += 3) {
      int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
      s.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63])
          .append(ALPHABET[(v >>> 6) & 63]).append(ALPHABET[v & 63]);
    }
    int rest = data.length - i;
    if (rest == 1) {
      int v = (data[i] & 0xff) << 16;
      s.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]).append("==");
    } else if (rest == 2) {
      int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8;
      s.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63])
          .append(ALPHABET[(v >>> 6) & 63]).append('=');
    }
    return s.toString();
  }

  /**
   * Decodes {@code text}, which names {@code field} in error messages.
   *
   * @throws CoreException {@link Reason#MALFORMED} for characters outside the alphabet, a length
   *     that is not a multiple of four or misplaced padding; {@link Reason#NOT_CANONICAL} when the
   *     unused bits of the last character are not zero
   */
  public static byte[] decode(String text, String field) throws CoreException {
    int n = text.length();
    if (n % 4 != 0) {
      throw error(Reason.MALFORMED, "base64 text must come in groups of four characters", field)
          .expected("a multiple of 4 characters")
          .actual(n + " characters")
          .build();
    }
    int pad = 0;
    if (n > 0 && text.charAt(n - 1) == '=') {
      pad = n > 1 && text.charAt(n - 2) == '=' ? 2 : 1;
    }
    byte[] out = new byte[n / 4 * 3 - pad];
    int o = 0;
    for (int i = 0; i < n; i += 4) {
      boolean last = i + 4 == n;
      int used = last ? 4 - pad : 4;
      int v = 0;
      for (int j = 0; j < 4; j++) {
        v <<= 6;
        if (j < used) {
          v |= value(text, i + j, field);
        }
      }
      out[o++] = (byte) (v >>> 16);
      if (used > 2) {
        out[o++] = (byte) (v >>> 8);
      }
      if (used > 3) {
        out[o++] = (byte) v;
      }
      if (last && ((pad == 1 && (v & 0xff) != 0) || (pad == 2 && (v & 0xffff) != 0))) {
        throw error(Reason.NOT_CANONICAL,
                "the last base64 character has bits set that encode nothing", field)
            .expected("zero padding bits")
            .actual("character '" + text.charAt(n - pad - 1) + "'")
            .build();
      }
    }
    return out;
  }

  private static int value(String text, int at, String field) throws CoreException {
    char c = text.charAt(at);
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    if (c == '/') {
      return 63;
    }
    throw error(Reason.MALFORMED, "not a base64 character", field)
        .expected("A-Z a-z 0-9 + / and final '=' padding")
        .actual(NoteText.describe(c) + " at " + at)
        .build();
  }

  private static CoreException.Builder error(Reason reason, String detail, String field) {
    return CoreException.of(reason, detail).field(field);
  }
}
