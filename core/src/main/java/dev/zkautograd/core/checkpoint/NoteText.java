package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.util.Locale;

/**
 * The character rules shared by signed notes, checkpoint bodies and key names (C2SP signed-note):
 * valid Unicode, no ASCII control character other than newline, and key names without spaces or
 * plus signs.
 */
final class NoteText {
  private NoteText() {}

  /**
   * Refuses ASCII control characters other than newline, and lone surrogates (which have no UTF-8
   * encoding, so the signed bytes would not be the text).
   *
   * @throws CoreException {@link Reason#MALFORMED} naming {@code field} and the position
   */
  static void check(String text, String field) throws CoreException {
    int bad = firstBadChar(text, true);
    if (bad >= 0) {
      throw CoreException.of(Reason.MALFORMED,
              "a signed note is valid UTF-8 with no control characters other than newline")
          .field(field)
          .expected("no control characters but newline")
          .actual(describe(text.charAt(bad)) + " at character " + bad)
          .build();
    }
  }

  /**
   * The index of the first character that a note may not contain (any control character but a
   * newline when {@code newlineAllowed}, or a lone surrogate), or -1.
   */
  static int firstBadChar(String text, boolean newlineAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && !(c == '\n' && newlineAllowed)) {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** A key name is non-empty, valid Unicode, and has no Unicode space, plus sign or control. */
  static boolean isKeyName(String name) {
    if (name.isEmpty() || firstBadChar(name, false) >= 0) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+' || isUnicodeSpace(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Unicode White_Space property (what Go's unicode.IsSpace, used by the reference note
   * implementation, tests); all such characters are in the Basic Multilingual Plane.
   */
  static boolean isUnicodeSpace(char c) {
    switch (c) {
      case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ':
      case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
      case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /** The number of bytes of the UTF-8 encoding of {@code text} (lone surrogates count as 3). */
  static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** A character as a message can show it: printable ones quoted, others as U+XXXX. */
  static String describe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    return "U+" + "0000".substring(hex.length()) + hex;
  }

  /** Eight lower-case hex digits of {@code value}, as key IDs are written. */
  static String hex8(int value) {
    String hex = Integer.toHexString(value);
    return "00000000".substring(hex.length()) + hex;
  }
}
