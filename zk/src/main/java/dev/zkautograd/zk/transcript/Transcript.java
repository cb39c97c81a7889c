package dev.zkautograd.zk.transcript;

import dev.zkautograd.zk.field.Felt;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The Fiat-Shamir transcript: a SHA-256 sponge-like chain. Absorbing data sets
 * state = SHA-256(0x01 || state || len(data) as 8 bytes || data); drawing returns
 * SHA-256(0x02 || state || counter) with a counter that absorbing resets. Field elements are drawn
 * by rejection (16 bytes below p); indices in a power-of-two domain by masking (both unbiased).
 * The proof of work is SHA-256(0x03 || state || nonce) with {@code bits} leading zero bits.
 *
 * <p>Mutable by nature; one instance per proof, not shared.
 */
public final class Transcript {
  private byte[] state = new byte[32];
  private long counter;

  /** Starts a transcript with a domain separator. */
  public Transcript(String domain) {
    absorb(domain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Absorbs bytes. */
  public void absorb(byte[] data) {
    SHA256Digest d = new SHA256Digest();
    d.update((byte) 1);
    d.update(state, 0, 32);
    byte[] len = new byte[8];
    putLong(len, 0, data.length);
    d.update(len, 0, 8);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    state = out;
    counter = 0;
  }

  /** Absorbs field elements. */
  public void absorb(Felt... values) {
    byte[] b = new byte[16 * values.length];
    for (int i = 0; i < values.length; i++) {
      values[i].writeTo(b, 16 * i);
    }
    absorb(b);
  }

  private byte[] draw() {
    SHA256Digest d = new SHA256Digest();
    d.update((byte) 2);
    d.update(state, 0, 32);
    byte[] c = new byte[8];
    putLong(c, 0, counter++);
    d.update(c, 0, 8);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** A uniformly random field element. */
  public Felt drawFelt() {
    while (true) {
      Felt f = Felt.fromBytes(draw(), 0);
      if (f != null) {
        return f;
      }
    }
  }

  /** A uniformly random index in [0, 2^bits). */
  public int drawIndex(int bits) {
    byte[] b = draw();
    int v = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    return bits == 0 ? 0 : v >>> (32 - bits);
  }

  /** The 32-byte state (what a proof of work is computed over). */
  public byte[] state() {
    return state.clone();
  }

  /** Number of leading zero bits of SHA-256(0x03 || state || nonce). */
  public static int powLeadingZeros(byte[] state, long nonce) {
    SHA256Digest d = new SHA256Digest();
    d.update((byte) 3);
    d.update(state, 0, 32);
    byte[] n = new byte[8];
    putLong(n, 0, nonce);
    d.update(n, 0, 8);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return leadingZeros(out);
  }

  /** Leading zero bits of a digest. */
  public static int leadingZeros(byte[] h) {
    int z = 0;
    for (byte b : h) {
      if (b == 0) {
        z += 8;
        continue;
      }
      return z + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
    }
    return z;
  }

  /** Writes v big-endian. */
  public static void putLong(byte[] b, int o, long v) {
    for (int i = 0; i < 8; i++) {
      b[o + i] = (byte) (v >>> (56 - 8 * i));
    }
  }
}
