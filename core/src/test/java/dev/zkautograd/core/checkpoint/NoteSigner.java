package dev.zkautograd.core.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** MERGE: test-scope stand-in (delete on merge; its factory is used only by test helpers). */
public final class NoteSigner {
  private final String name;
  private final Ed25519PrivateKeyParameters key;

  private NoteSigner(String name, byte[] seed) {
    this.name = name;
    this.key = new Ed25519PrivateKeyParameters(seed, 0);
  }

  public static NoteSigner ed25519(String name, byte[] seed32) {
    return new NoteSigner(name, seed32);
  }

  public String name() {
    return name;
  }

  public NoteVerifier verifier() {
    return new NoteVerifier(name, key.generatePublicKey().getEncoded());
  }

  public SignedNote sign(String body) {
    byte[] msg = body.getBytes(StandardCharsets.UTF_8);
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(msg, 0, msg.length);
    byte[] sig = s.generateSignature();
    byte[] blob = new byte[4 + sig.length];
    System.arraycopy(verifier().keyHash(), 0, blob, 0, 4);
    System.arraycopy(sig, 0, blob, 4, sig.length);
    return new SignedNote(body + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob) + "\n", body,
        java.util.List.of(new SignedNote.Sig(name, blob)));
  }
}
