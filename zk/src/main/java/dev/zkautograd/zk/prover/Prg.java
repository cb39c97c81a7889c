package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.field.Felt;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic pseudo-random generator: the AES-256-CTR key stream of a 32-byte seed. Expands
 * one seed into randomiser coefficients and salts (gigabytes for large traces, far faster than
 * drawing each from SecureRandom). Prover-only.
 */
final class Prg {
  private final Cipher cipher;
  private final byte[] zeros = new byte[4096];

  Prg(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("PRG seed must be 32 bytes");
    }
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }

  static Prg fresh(RandomSource source) {
    byte[] seed = new byte[32];
    source.nextBytes(seed);
    return new Prg(seed);
  }

  void nextBytes(byte[] out, int off, int len) {
    while (len > 0) {
      int chunk = Math.min(len, zeros.length);
      try {
        cipher.update(zeros, 0, chunk, out, off);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      off += chunk;
      len -= chunk;
    }
  }

  /** A uniform field element (rejection sampling of 16 bytes). */
  Felt nextFelt() {
    byte[] b = new byte[16];
    while (true) {
      nextBytes(b, 0, 16);
      Felt f = Felt.fromBytes(b, 0);
      if (f != null) {
        return f;
      }
    }
  }

  /** count uniform field elements as a vector. */
  long[] nextFelts(int count) {
    long[] v = new long[2 * count];
    for (int i = 0; i < count; i++) {
      nextFelt().store(v, i);
    }
    return v;
  }
}
