package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A C2SP signed-note Ed25519 signer: a key name and a 32-byte RFC 8032 seed, kept in {@link
 * SecretBytes}. Its private key text is {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 ||
 * seed)}, the encoding of Go's {@code golang.org/x/mod/sumdb/note}, so keys move between the two.
 *
 * <p>Ed25519 signatures are deterministic: the same key and body always give the same note, which
 * is what makes the committed test vectors reproducible.
 */
public final class NoteSigner {
  private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

  private final String name;
  private final SecretBytes seed;
  private final NoteVerifier verifier;

  private NoteSigner(String name, SecretBytes seed, NoteVerifier verifier) {
    this.name = name;
    this.seed = seed;
    this.verifier = verifier;
  }

  /** A new key named {@code name}, its seed drawn from {@code random}. */
  public static NoteSigner generate(String name, SecureRandom random) {
    return fromSeed(name, SecretBytes.random(Ed25519.SECRET_KEY_SIZE, random));
  }

  /**
   * The signer with Ed25519 seed {@code seed} (32 bytes) under {@code name}.
   *
   * @throws IllegalArgumentException if the name is not a key name or the seed is not 32 bytes
   */
  public static NoteSigner fromSeed(String name, SecretBytes seed) {
    if (seed.size() != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.size());
    }
    byte[] sk = seed.toByteArray(InsecureSecretAccess.get());
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    try {
      Ed25519.generatePublicKey(sk, 0, pk, 0);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
    return new NoteSigner(name, seed, NoteVerifier.ofEd25519(name, pk));
  }

  /**
   * Parses a private key {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)} and checks
   * that the key ID is the one of the public key derived from the seed. Error messages never
   * contain the seed.
   *
   * @throws CoreException {@link Reason#MALFORMED} without the prefix or parts, the reasons of
   *     {@link NoteVerifier#parse} for the name, key ID and key
   */
  public static NoteSigner parse(String privateKeyLine, InsecureSecretAccess access)
      throws CoreException {
    Objects.requireNonNull(access, "access");
    if (privateKeyLine.length() > NoteVerifier.MAX_KEY_CHARS) {
      throw CoreException.of(Reason.TOO_LARGE, "the private key is too long")
          .field("private key")
          .expected("at most " + NoteVerifier.MAX_KEY_CHARS + " characters")
          .actual(privateKeyLine.length() + " characters")
          .build();
    }
    if (!privateKeyLine.startsWith(PRIVATE_PREFIX)) {
      throw CoreException.of(Reason.MALFORMED, "a private key starts with PRIVATE+KEY+")
          .field("private key")
          .build();
    }
    String rest = privateKeyLine.substring(PRIVATE_PREFIX.length());
    int plus1 = rest.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : rest.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw CoreException.of(Reason.MALFORMED,
              "a private key has the parts PRIVATE+KEY+name+keyid+base64(type||seed)")
          .field("private key")
          .build();
    }
    String name = rest.substring(0, plus1);
    NoteVerifier.checkName(name);
    int keyId = NoteVerifier.parseKeyId(rest.substring(plus1 + 1, plus2));
    byte[] typedSeed = null;
    byte[] seed = null;
    try {
      typedSeed = StrictBase64.decode(rest.substring(plus2 + 1), "key");
      seed = NoteVerifier.ed25519Key(typedSeed);
      NoteSigner signer = fromSeed(name, SecretBytes.copyFrom(seed, access));
      if (signer.verifier.keyId() != keyId) {
        throw CoreException.of(Reason.BAD_FIELD,
                "the key ID does not match the key name and the public key of this seed")
            .field("key ID")
            .expected(NoteText.hex8(signer.verifier.keyId()))
            .actual(NoteText.hex8(keyId))
            .build();
      }
      return signer;
    } finally {
      if (typedSeed != null) {
        Arrays.fill(typedSeed, (byte) 0);
      }
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /** The private key text, {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)}. */
  public String encodePrivate(InsecureSecretAccess access) {
    byte[] sk = seed.toByteArray(access);
    byte[] typed = NoteVerifier.typed(sk);
    try {
      return PRIVATE_PREFIX + name + "+" + NoteText.hex8(verifier.keyId()) + "+"
          + StrictBase64.encode(typed);
    } finally {
      Arrays.fill(sk, (byte) 0);
      Arrays.fill(typed, (byte) 0);
    }
  }

  /** The key name; for a run's checkpoints it equals the checkpoint origin. */
  public String name() {
    return name;
  }

  /** The public half. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /**
   * Signs {@code body}, the note text (for a checkpoint, {@link Checkpoint#body()}).
   *
   * @throws IllegalArgumentException if the body does not end in a newline or holds characters a
   *     note may not contain (our own bodies never do)
   */
  public SignedNote sign(String body) {
    SignedNote.checkBody(body);
    byte[] signature = signMessage(body.getBytes(StandardCharsets.UTF_8));
    return new SignedNote(body, List.of(new NoteSignature(name, verifier.keyId(), signature)));
  }

  /**
   * Signs {@code message} with this key outside any note: a plain Ed25519 signature (64 bytes), for
   * another file of the run signed by the same key (the run manifest). The caller MUST prefix the
   * message with a context string that no note body can start with, so that a signature can never
   * be replayed between the two uses.
   */
  public byte[] signMessage(byte[] message) {
    byte[] sk = seed.toByteArray(InsecureSecretAccess.get());
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    try {
      Ed25519.sign(sk, 0, verifier.publicKey(), 0, message, 0, message.length, signature, 0);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
    return signature;
  }

  /** Names the key, never shows the seed. */
  @Override
  public String toString() {
    return "NoteSigner[" + name + "+" + NoteText.hex8(verifier.keyId()) + ", seed redacted]";
  }
}
