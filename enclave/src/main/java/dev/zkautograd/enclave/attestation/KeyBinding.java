package dev.zkautograd.enclave.attestation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How an attestation document's {@code user_data} binds the prover's step-signing key
 * ({@code docs/attestation.md}, "user_data"): the ASCII line {@value #PREFIX_TEXT} followed by the
 * 32-byte Ed25519 public key, 56 bytes in all.
 */
public final class KeyBinding {
  static final String PREFIX_TEXT = "zk-autograd/step-key/v1\n";
  private static final byte[] PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);

  private KeyBinding() {}

  /** The user_data that binds {@code publicKey}. */
  public static byte[] userData(byte[] publicKey) {
    if (publicKey.length != 32) throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + 32);
    System.arraycopy(publicKey, 0, out, PREFIX.length, 32);
    return out;
  }

  /**
   * The key {@code userData} binds.
   *
   * @throws AttestationException USER_DATA_MISMATCH if it is not a key binding
   */
  public static byte[] boundKey(byte[] userData) throws AttestationException {
    if (userData == null || userData.length != PREFIX.length + 32
        || !Arrays.equals(Arrays.copyOf(userData, PREFIX.length), PREFIX)) {
      throw AttestationException.of(AttestationException.Reason.USER_DATA_MISMATCH, "user_data does not bind a step-signing key",
          PREFIX_TEXT.trim() + " and 32 key bytes", userData == null ? "no user_data" : userData.length + " other bytes");
    }
    return Arrays.copyOfRange(userData, PREFIX.length, userData.length);
  }
}
