package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.StrictBase64;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import java.util.Arrays;

/**
 * The prover's signature over a step (DESIGN §6). Reserved: this version reads and keeps it but
 * does not define what is signed or check it; a later format version will.
 *
 * @param keyId names the prover key, 1-256 printable ASCII characters
 * @param sig the signature bytes, written in standard padded base64
 */
public record StepSignature(String keyId, byte[] sig) {
  public StepSignature {
    if (keyId.isEmpty() || keyId.length() > 256 || !printableAscii(keyId) || sig.length == 0 || sig.length > 4096) {
      throw new IllegalArgumentException("bad step signature");
    }
    sig = sig.clone();
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }

  public JsonObject toJson() {
    return JsonObject.builder().put("key_id", keyId).put("sig", StrictBase64.encode(sig)).build();
  }

  static StepSignature read(JsonFields f) throws CoreException {
    String keyId = f.string("key_id", 256);
    if (keyId.isEmpty() || !printableAscii(keyId)) {
      throw f.bad("key_id", "key id must be printable ASCII", "1-256 printable ASCII characters", keyId);
    }
    String text = f.string("sig", 8192);
    // Core's own strict decoder, not java.util.Base64: TeaVM's accepts text the JDK's refuses, and
    // the browser verifier must refuse exactly what the CLI refuses. One spelling per value.
    byte[] sig;
    try {
      sig = StrictBase64.decode(text, f.field("sig"));
    } catch (CoreException e) {
      throw f.bad("sig", e.reason() == CoreException.Reason.NOT_CANONICAL ? "not canonical base64 of 1-4096 bytes" : "not base64",
          "standard base64 with padding", text);
    }
    if (sig.length == 0 || sig.length > 4096) {
      throw f.bad("sig", "not canonical base64 of 1-4096 bytes", "standard base64 with padding", text);
    }
    f.refuseUnknown();
    return new StepSignature(keyId, sig);
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7e) return false;
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepSignature s && s.keyId.equals(keyId) && Arrays.equals(s.sig, sig);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode() * 31 + Arrays.hashCode(sig);
  }

  @Override
  public String toString() {
    return "StepSignature[" + keyId + "]";
  }
}
