package dev.zkautograd.core.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note, {@code — <name> base64(keyId || signature)}, not yet
 * verified: which key claims to have signed (name and 32-bit key ID) and the signature bytes.
 *
 * @param name the key name (non-empty, no Unicode spaces, no plus sign)
 * @param keyId the key ID, an unsigned 32-bit value held in an {@code int}
 * @param signature the signature bytes after the key ID (64 bytes for Ed25519; other signature
 *     types have other lengths, so any non-empty length is kept)
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

  /** Copies the signature bytes and checks the name and that there is at least one byte. */
  public NoteSignature {
    Objects.requireNonNull(name, "name");
    if (!NoteText.isKeyName(name)) {
      throw new IllegalArgumentException("not a key name: \"" + name + "\"");
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("empty signature");
    }
    signature = signature.clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The key as C2SP writes it in messages: {@code name+keyid} with the ID in 8 hex digits. */
  public String keyLabel() {
    return name + "+" + NoteText.hex8(keyId);
  }

  /** The line as it appears in the note, without its newline. */
  public String line() {
    byte[] raw = new byte[4 + signature.length];
    raw[0] = (byte) (keyId >>> 24);
    raw[1] = (byte) (keyId >>> 16);
    raw[2] = (byte) (keyId >>> 8);
    raw[3] = (byte) keyId;
    System.arraycopy(signature, 0, raw, 4, signature.length);
    return SignedNote.SIGNATURE_PREFIX + name + " " + StrictBase64.encode(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature
        && ((NoteSignature) o).name.equals(name)
        && ((NoteSignature) o).keyId == keyId
        && Arrays.equals(((NoteSignature) o).signature, signature);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "NoteSignature[" + line() + "]";
  }
}
