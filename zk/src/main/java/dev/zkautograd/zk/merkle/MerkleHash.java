package dev.zkautograd.zk.merkle;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The hash functions of the salted SHA-256 Merkle commitments, written once:
 * leaf = SHA-256(0x00 || salt || v_0 || ... || v_{k-1}) with each value 16 bytes big-endian, and
 * node = SHA-256(0x01 || left || right). This class hashes with BouncyCastle (TeaVM-safe); the
 * prover's builder hashes the same bytes from {@link #leafBytes} and {@link #NODE_PREFIX} with the
 * JDK's intrinsic.
 */
public final class MerkleHash {
  /** Digest length. */
  public static final int DIGEST = 32;
  /** Salt length in bytes (256-bit salts). */
  public static final int SALT = 32;
  /** Domain-separation prefix of leaves. */
  public static final byte LEAF_PREFIX = 0;
  /** Domain-separation prefix of inner nodes. */
  public static final byte NODE_PREFIX = 1;

  private MerkleHash() {}

  /** Number of bytes a leaf with {@code width} field elements hashes. */
  public static int leafLength(int width) {
    return 1 + SALT + 16 * width;
  }

  /**
   * Writes the leaf preimage into buf: prefix, salt (from salts at saltOffset), then the values
   * v[k][2*row..] read from the columns.
   */
  public static void leafBytes(byte[] buf, byte[] salts, int saltOffset, long[][] columns, int row) {
    buf[0] = LEAF_PREFIX;
    System.arraycopy(salts, saltOffset, buf, 1, SALT);
    int o = 1 + SALT;
    for (long[] col : columns) {
      putLong(buf, o, col[2 * row + 1]);
      putLong(buf, o + 8, col[2 * row]);
      o += 16;
    }
  }

  private static void putLong(byte[] b, int o, long v) {
    for (int i = 0; i < 8; i++) {
      b[o + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  /** Leaf hash of one opened row: values as a vector of {@code width} elements. */
  public static byte[] leaf(byte[] salt, long[] values) {
    int width = values.length / 2;
    long[][] cols = new long[width][];
    for (int k = 0; k < width; k++) {
      cols[k] = new long[] {values[2 * k], values[2 * k + 1]};
    }
    byte[] buf = new byte[leafLength(width)];
    leafBytes(buf, salt, 0, cols, 0);
    return sha256(buf, 0, buf.length);
  }

  /** Inner node hash. */
  public static byte[] node(byte[] left, byte[] right) {
    SHA256Digest d = new SHA256Digest();
    d.update(NODE_PREFIX);
    d.update(left, 0, DIGEST);
    d.update(right, 0, DIGEST);
    byte[] out = new byte[DIGEST];
    d.doFinal(out, 0);
    return out;
  }

  static byte[] sha256(byte[] b, int off, int len) {
    SHA256Digest d = new SHA256Digest();
    d.update(b, off, len);
    byte[] out = new byte[DIGEST];
    d.doFinal(out, 0);
    return out;
  }
}
