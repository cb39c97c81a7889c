package dev.zkautograd.core.torrent;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bencoding (BEP 3) with one spelling per value: integers without leading zeros or {@code -0},
 * dictionary keys in ascending byte order, each once. {@link #parse} refuses anything else, so a
 * value read and written again gives the same bytes ({@code docs/formats/torrent.md}).
 */
public final class Bencode {
  /** Deepest nesting {@link #parse} accepts; a torrent needs 5. */
  public static final int MAX_DEPTH = 32;

  /** Longest byte string {@link #parse} accepts inside a document (the pieces of a large torrent fit). */
  public static final int MAX_STRING = 64 << 20;

  private Bencode() {}

  /** The bencoding of {@code v}. */
  public static byte[] write(Bencoded v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(v, out);
    return out.toByteArray();
  }

  private static void write(Bencoded v, ByteArrayOutputStream out) {
    if (v instanceof Bencoded.Int i) {
      ascii(out, "i" + i.value() + "e");
    } else if (v instanceof Bencoded.Bytes b) {
      byte[] bytes = b.value();
      ascii(out, bytes.length + ":");
      out.writeBytes(bytes);
    } else if (v instanceof Bencoded.ListOf l) {
      out.write('l');
      for (Bencoded e : l.values()) write(e, out);
      out.write('e');
    } else {
      out.write('d');
      for (Bencoded.Entry e : ((Bencoded.Dict) v).entries()) {
        byte[] k = e.key();
        ascii(out, k.length + ":");
        out.writeBytes(k);
        write(e.value(), out);
      }
      out.write('e');
    }
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads one bencoded value that spans all of {@code bytes}.
   *
   * @throws CoreException MALFORMED (syntax, trailing bytes), NOT_CANONICAL (leading zeros, {@code
   *     -0}, keys out of order or repeated), TOO_LARGE (nesting deeper than {@value #MAX_DEPTH}, an
   *     integer beyond 64 bits, a string longer than {@value #MAX_STRING} bytes); the field is the byte offset
   */
  public static Bencoded parse(byte[] bytes) throws CoreException {
    Parser p = new Parser(bytes);
    Bencoded v = p.value(0);
    if (p.at != bytes.length) throw p.error(Reason.MALFORMED, "bytes after the value", "end of input", (bytes.length - p.at) + " more bytes");
    return v;
  }

  private static final class Parser {
    final byte[] b;
    int at;

    Parser(byte[] b) {
      this.b = b;
    }

    Bencoded value(int depth) throws CoreException {
      if (depth > MAX_DEPTH) throw error(Reason.TOO_LARGE, "nested too deep", "at most " + MAX_DEPTH + " levels", "more");
      if (at >= b.length) throw error(Reason.MALFORMED, "input ends where a value should start", "a value", "end of input");
      byte c = b[at];
      if (c == 'i') {
        at++;
        long v = integer('e');
        return new Bencoded.Int(v);
      }
      if (c >= '0' && c <= '9') {
        return new Bencoded.Bytes(string());
      }
      if (c == 'l') {
        at++;
        List<Bencoded> values = new ArrayList<>();
        while (peek() != 'e') values.add(value(depth + 1));
        at++;
        return new Bencoded.ListOf(values);
      }
      if (c == 'd') {
        at++;
        List<Bencoded.Entry> entries = new ArrayList<>();
        byte[] last = null;
        while (peek() != 'e') {
          int keyAt = at;
          if (b[at] < '0' || b[at] > '9') throw error(Reason.MALFORMED, "dictionary key is not a byte string", "a string", "'" + (char) b[at] + "'");
          byte[] key = string();
          if (last != null && Arrays.compareUnsigned(last, key) >= 0) {
            at = keyAt;
            throw error(Reason.NOT_CANONICAL, "dictionary keys out of order or repeated", "keys in ascending byte order, each once",
                new String(key, StandardCharsets.UTF_8));
          }
          int start = at;
          Bencoded v = value(depth + 1);
          entries.add(new Bencoded.Entry(key, v, start, at));
          last = key;
        }
        at++;
        return new Bencoded.Dict(entries);
      }
      throw error(Reason.MALFORMED, "not the start of a bencoded value", "i, l, d or a digit", "'" + (char) c + "'");
    }

    byte peek() throws CoreException {
      if (at >= b.length) throw error(Reason.MALFORMED, "input ends inside a list or dictionary", "e", "end of input");
      return b[at];
    }

    byte[] string() throws CoreException {
      long n = integer(':');
      if (n < 0) throw error(Reason.MALFORMED, "negative string length", "a length >= 0", Long.toString(n));
      if (n > MAX_STRING) throw error(Reason.TOO_LARGE, "byte string too long", "at most " + MAX_STRING + " bytes", n + " bytes");
      if (n > b.length - at) throw error(Reason.MALFORMED, "byte string runs past the end", n + " bytes", (b.length - at) + " left");
      byte[] s = Arrays.copyOfRange(b, at, at + (int) n);
      at += (int) n;
      return s;
    }

    /** Digits up to {@code end}, one spelling each: no leading zeros, no -0, no empty. */
    long integer(char end) throws CoreException {
      int start = at;
      boolean negative = at < b.length && b[at] == '-' && end == 'e';
      if (negative) at++;
      int digits = at;
      long v = 0;
      while (at < b.length && b[at] >= '0' && b[at] <= '9') {
        int d = b[at] - '0';
        if (v > (Long.MAX_VALUE - d) / 10) throw error(Reason.TOO_LARGE, "integer beyond 64 bits", "|n| < 2^63", "more digits");
        v = v * 10 + d;
        at++;
      }
      if (at == digits) throw error(Reason.MALFORMED, "no digits", "digits", at < b.length ? "'" + (char) b[at] + "'" : "end of input");
      if (at >= b.length || b[at] != end) {
        throw error(Reason.MALFORMED, "number not ended by '" + end + "'", "'" + end + "'", at < b.length ? "'" + (char) b[at] + "'" : "end of input");
      }
      if ((b[digits] == '0' && at - digits > 1) || (negative && v == 0)) {
        at = start;
        throw error(Reason.NOT_CANONICAL, "integer with a leading zero or -0", "the shortest spelling", "a longer one");
      }
      at++;
      return negative ? -v : v;
    }

    CoreException error(Reason r, String detail, String expected, String actual) {
      return CoreException.of(r, "not bencoded: " + detail).field("byte " + at).expected(expected).actual(actual).build();
    }
  }
}
