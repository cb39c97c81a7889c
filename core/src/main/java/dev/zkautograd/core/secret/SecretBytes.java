package dev.zkautograd.core.secret;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.util.Arrays;

/**
 * Immutable secret bytes (a signing-key seed, a blinding master seed) that cannot be read by
 * accident.
 *
 * <p>Reading or importing the bytes needs an {@link InsecureSecretAccess} token, so every exposure
 * is explicit and greppable. {@link #toString()} never shows the content, and two instances are
 * compared with {@link #equalsSecretBytes(SecretBytes)} in constant time rather than through
 * {@code equals}, which stays identity so that secrets do not end up as map keys or in logs.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code value}; the caller should wipe its own array afterwards. */
  public static SecretBytes copyFrom(byte[] value, InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return new SecretBytes(value.clone());
  }

  /** {@code size} fresh bytes from {@code random}. */
  public static SecretBytes random(int size, SecureRandom random) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    byte[] b = new byte[size];
    random.nextBytes(b);
    return new SecretBytes(b);
  }

  /** A copy of the secret bytes; the caller owns (and should wipe) the returned array. */
  public byte[] toByteArray(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.clone();
  }

  /** The number of secret bytes (not itself secret). */
  public int size() {
    return bytes.length;
  }

  /** True if both hold the same bytes, compared in time independent of where they differ. */
  public boolean equalsSecretBytes(SecretBytes other) {
    return other != null && Arrays.constantTimeAreEqual(bytes, other.bytes);
  }

  /** Says how many bytes, never which. */
  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
