package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.encoders.Hex;

/** MERGE: test-scope stand-in (delete on merge). C2SP signed-note Ed25519 verifier key. */
public final class NoteVerifier {
  private final String name;
  private final byte[] publicKey;

  NoteVerifier(String name, byte[] publicKey) {
    this.name = name;
    this.publicKey = publicKey.clone();
  }

  public static NoteVerifier parse(String vkey) throws CoreException {
    String[] p = vkey.split("\\+", 3);
    if (p.length != 3) throw bad("not name+hash+key");
    byte[] key;
    try {
      key = Base64.getDecoder().decode(p[2]);
    } catch (IllegalArgumentException e) {
      throw bad("bad base64");
    }
    if (key.length != 33 || key[0] != 1) throw bad("not an Ed25519 key");
    NoteVerifier v = new NoteVerifier(p[0], Arrays.copyOfRange(key, 1, 33));
    if (!Hex.toHexString(v.keyHash()).equals(p[1])) throw bad("key hash mismatch");
    return v;
  }

  private static CoreException bad(String why) {
    return CoreException.of(CoreException.Reason.MALFORMED, "verifier key: " + why).field("verifier_key").build();
  }

  public String name() {
    return name;
  }

  byte[] keyHash() {
    byte[] n = (name + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[33];
    k[0] = 1;
    System.arraycopy(publicKey, 0, k, 1, 32);
    return Arrays.copyOf(Digest.sha256(n, k).bytes(), 4);
  }

  public String encode() {
    byte[] k = new byte[33];
    k[0] = 1;
    System.arraycopy(publicKey, 0, k, 1, 32);
    return name + "+" + Hex.toHexString(keyHash()) + "+" + Base64.getEncoder().encodeToString(k);
  }

  boolean verifies(byte[] message, byte[] sig) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(sig);
  }
}
