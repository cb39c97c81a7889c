package dev.zkautograd.core.hash;

import dev.zkautograd.core.CoreException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.util.encoders.Hex;

/**
 * A SHA-256 digest: 32 immutable bytes, written as 64 lower-case hex digits in every format.
 *
 * <p>Hashing goes through BouncyCastle's portable SHA-256 so that the same code runs on the JVM and
 * in the browser (TeaVM has no {@code MessageDigest}); bulk hashing in the prover may use the JDK's
 * intrinsic instead, which computes the same function.
 */
public final class Digest {
  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly 32 bytes. */
  public static Digest of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + bytes.length);
    }
    return new Digest(bytes.clone());
  }

  /** SHA-256 over the concatenation of {@code parts}. */
  public static Digest sha256(byte[]... parts) {
    SHA256Digest d = new SHA256Digest();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[LENGTH];
    d.doFinal(out, 0);
    return new Digest(out);
  }

  /** Parses 64 lower-case hex digits; anything else is refused (one spelling per digest). */
  public static Digest parseHex(String hex, String field) throws CoreException {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw CoreException.of(CoreException.Reason.BAD_FIELD, "not a SHA-256 digest in hex")
          .field(field)
          .expected("64 lower-case hex digits")
          .actual(hex == null ? "nothing" : hex.length() + " characters")
          .build();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw CoreException.of(CoreException.Reason.BAD_FIELD, "not a SHA-256 digest in hex")
            .field(field)
            .expected("64 lower-case hex digits")
            .actual("character '" + c + "' at " + i)
            .build();
      }
    }
    return new Digest(Hex.decode(hex));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** 64 lower-case hex digits. */
  public String hex() {
    return Hex.toHexString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest && Arrays.equals(bytes, ((Digest) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
