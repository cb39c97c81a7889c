package dev.zkautograd.core.torrent;

import java.util.Arrays;
import java.util.List;

/**
 * A bencoded value (BEP 3): an integer, a byte string, a list or a dictionary. Immutable. Written by
 * {@link Bencode#write}; read by {@link Bencode#parse}, which keeps for each dictionary entry the
 * span of bytes its value had, so that an info-hash is taken over exactly the bytes of the file.
 */
public sealed interface Bencoded permits Bencoded.Int, Bencoded.Bytes, Bencoded.ListOf, Bencoded.Dict {

  /** {@code i<n>e}. */
  record Int(long value) implements Bencoded {}

  /** {@code <length>:<bytes>}. */
  record Bytes(byte[] value) implements Bencoded {
    public Bytes {
      value = value.clone();
    }

    public static Bytes of(String utf8) {
      return new Bytes(utf8.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The bytes as UTF-8 text (malformed sequences replaced). */
    public String text() {
      return new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }
  }

  /** {@code l<values>e}. */
  record ListOf(List<Bencoded> values) implements Bencoded {
    public ListOf {
      values = List.copyOf(values);
    }
  }

  /**
   * {@code d<key><value>...e}, keys in ascending order of their bytes (unsigned), each once.
   *
   * @param entries in key order; {@link Entry#start()} and {@link Entry#end()} are the value's span in
   *     the parsed bytes, or -1 for a dictionary built in memory
   */
  record Dict(List<Entry> entries) implements Bencoded {
    public Dict {
      entries = List.copyOf(entries);
      for (int i = 1; i < entries.size(); i++) {
        if (Arrays.compareUnsigned(entries.get(i - 1).key(), entries.get(i).key()) >= 0) {
          throw new IllegalArgumentException("dictionary keys must ascend, each once");
        }
      }
    }

    /** The value under ASCII key {@code key}, or null. */
    public Entry get(String key) {
      byte[] k = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (Entry e : entries) {
        if (Arrays.equals(e.key(), k)) return e;
      }
      return null;
    }
  }

  /** One dictionary entry. */
  record Entry(byte[] key, Bencoded value, int start, int end) {
    public Entry {
      key = key.clone();
    }

    public static Entry of(String key, Bencoded value) {
      return new Entry(key.getBytes(java.nio.charset.StandardCharsets.US_ASCII), value, -1, -1);
    }

    @Override
    public byte[] key() {
      return key.clone();
    }
  }
}
