package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The public half of a C2SP signed-note Ed25519 key: a key name, its 32-bit key ID and the public
 * key, written as the verifier key {@code <name>+<hex key ID>+base64(0x01 || public key)}.
 *
 * <p>The key ID is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key); {@link
 * #parse} recomputes it and refuses a verifier key whose ID does not match, so the name, the ID and
 * the key cannot be recombined. Only signature type 0x01 (Ed25519) is supported.
 */
public final class NoteVerifier {
  /** C2SP signed-note signature type of Ed25519. */
  static final byte TYPE_ED25519 = 0x01;
  /** The longest verifier key text {@link #parse} reads. */
  public static final int MAX_KEY_CHARS = 1024;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;

  private NoteVerifier(String name, int keyId, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /**
   * The verifier of Ed25519 key {@code publicKey} (32 bytes, RFC 8032 encoding) under {@code name}.
   *
   * @throws IllegalArgumentException if the name is not a key name or the key is not 32 bytes
   */
  public static NoteVerifier ofEd25519(String name, byte[] publicKey) {
    if (!NoteText.isKeyName(Objects.requireNonNull(name, "name"))) {
      throw new IllegalArgumentException("not a key name: \"" + name + "\"");
    }
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
    }
    byte[] key = publicKey.clone();
    return new NoteVerifier(name, keyId(name, key), key);
  }

  /**
   * Parses a verifier key {@code <name>+<8 lower-case hex digits>+base64(0x01 || 32-byte key)}.
   *
   * @throws CoreException {@link Reason#MALFORMED} if it does not have three parts or the key is
   *     not base64, {@link Reason#BAD_FIELD} for a bad name, key ID spelling, key length, a key that
   *     is not a curve point, or a key ID that does not match the name and key, {@link
   *     Reason#UNSUPPORTED_VERSION} for a signature type other than Ed25519, {@link
   *     Reason#TOO_LARGE} beyond {@link #MAX_KEY_CHARS} characters
   */
  public static NoteVerifier parse(String verifierKey) throws CoreException {
    Objects.requireNonNull(verifierKey, "verifierKey");
    if (verifierKey.length() > MAX_KEY_CHARS) {
      throw CoreException.of(Reason.TOO_LARGE, "the verifier key is too long")
          .field("verifier key")
          .expected("at most " + MAX_KEY_CHARS + " characters")
          .actual(verifierKey.length() + " characters")
          .build();
    }
    int plus1 = verifierKey.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : verifierKey.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw CoreException.of(Reason.MALFORMED,
              "a verifier key has three parts: name+keyid+base64(type||key)")
          .field("verifier key")
          .build();
    }
    String name = verifierKey.substring(0, plus1);
    checkName(name);
    int keyId = parseKeyId(verifierKey.substring(plus1 + 1, plus2));
    byte[] key = ed25519Key(StrictBase64.decode(verifierKey.substring(plus2 + 1), "key"));
    return checked(name, keyId, key);
  }

  /**
   * The key name, which should equal the origin of the checkpoints it signs. For a zk-Autograd run
   * it is {@code zk-autograd/<run-id>}.
   */
  public String name() {
    return name;
  }

  /** The key ID, an unsigned 32-bit value held in an {@code int}. */
  public int keyId() {
    return keyId;
  }

  /** A copy of the 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The verifier key text, {@code <name>+<hex key ID>+base64(0x01 || public key)}. */
  public String encode() {
    return name + "+" + NoteText.hex8(keyId) + "+" + StrictBase64.encode(typed(publicKey));
  }

  /**
   * Checks a signature made by {@link NoteSigner#signMessage}: {@code signature} must be a valid
   * Ed25519 signature by this key over {@code message}.
   *
   * @throws CoreException {@link Reason#SIGNATURE_INVALID} naming field "signature" otherwise
   */
  public void verifyMessage(byte[] message, byte[] signature) throws CoreException {
    if (!verifies(message, signature)) {
      throw CoreException.of(Reason.SIGNATURE_INVALID, "the signature does not verify with " + name + "+" + NoteText.hex8(keyId))
          .field("signature")
          .build();
    }
  }

  /** True if {@code signature} is a valid Ed25519 signature by this key over {@code message}. */
  boolean verifies(byte[] message, byte[] signature) {
    return signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /** C2SP key ID: the first four bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || key). */
  static int keyId(String name, byte[] publicKey) {
    byte[] hash = Digest.sha256(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n'},
        typed(publicKey)).bytes();
    return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
  }

  static byte[] typed(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = TYPE_ED25519;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  /** Parses the 8 lower-case hex digits of a key ID (shared with {@link NoteSigner#parse}). */
  static int parseKeyId(String hex) throws CoreException {
    boolean ok = hex.length() == 8;
    int v = 0;
    for (int i = 0; ok && i < 8; i++) {
      char c = hex.charAt(i);
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      ok = d >= 0;
      v = v << 4 | d;
    }
    if (!ok) {
      throw CoreException.of(Reason.BAD_FIELD, "a key ID is written as 8 lower-case hex digits")
          .field("key ID")
          .expected("8 lower-case hex digits")
          .actual("\"" + printable(hex) + "\"")
          .build();
    }
    return v;
  }

  /**
   * Strips and checks the signature-type byte of a decoded key (a public key, or a private seed in
   * {@link NoteSigner#parse}; both are 32 bytes). Messages never show the key bytes.
   */
  static byte[] ed25519Key(byte[] typedKey) throws CoreException {
    if (typedKey.length == 0) {
      throw CoreException.of(Reason.MALFORMED, "the key is empty").field("key").build();
    }
    if (typedKey[0] != TYPE_ED25519) {
      throw CoreException.of(Reason.UNSUPPORTED_VERSION,
              "only signature type 0x01 (Ed25519) is supported")
          .field("signature type")
          .expected("0x01")
          .actual("0x" + NoteText.hex8(typedKey[0] & 0xff).substring(6))
          .build();
    }
    if (typedKey.length != 1 + Ed25519.PUBLIC_KEY_SIZE) {
      throw CoreException.of(Reason.BAD_FIELD, "an Ed25519 key has 32 bytes")
          .field("key")
          .expected("32 bytes")
          .actual((typedKey.length - 1) + " bytes")
          .build();
    }
    return Arrays.copyOfRange(typedKey, 1, typedKey.length);
  }

  static void checkName(String name) throws CoreException {
    if (!NoteText.isKeyName(name)) {
      throw CoreException.of(Reason.BAD_FIELD,
              "a key name is non-empty and has no spaces, plus signs or control characters")
          .field("key name")
          .expected("a key name")
          .actual("\"" + printable(name) + "\"")
          .build();
    }
  }

  /** Builds the verifier after checking that the key is a curve point and the ID matches. */
  static NoteVerifier checked(String name, int keyId, byte[] key) throws CoreException {
    if (!Ed25519.validatePublicKeyPartial(key, 0)) {
      throw CoreException.of(Reason.BAD_FIELD, "the public key is not an Ed25519 curve point")
          .field("key")
          .build();
    }
    int expected = keyId(name, key);
    if (expected != keyId) {
      throw CoreException.of(Reason.BAD_FIELD, "the key ID does not match the key name and key")
          .field("key ID")
          .expected(NoteText.hex8(expected))
          .actual(NoteText.hex8(keyId))
          .build();
    }
    return new NoteVerifier(name, keyId, key);
  }

  /** Text safe to echo in a message: control characters shown as U+XXXX, long text cut. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 80; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || Character.isSurrogate(c) ? NoteText.describe(c) : String.valueOf(c));
    }
    return s.length() > 80 ? b + "…" : b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier
        && ((NoteVerifier) o).keyId == keyId
        && ((NoteVerifier) o).name.equals(name)
        && Arrays.equals(((NoteVerifier) o).publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  /** The verifier key text ({@link #encode()}); it is public. */
  @Override
  public String toString() {
    return encode();
  }
}
