package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The attested prover's signature over a step (DESIGN §6, {@code docs/formats/step-record.md},
 * "The step signature"): Ed25519 by the key the run's {@link ProverDeclaration} names, over
 * {@link #message}: a context line, then the canonical JSON of the run id, step, backend, optimizer,
 * parameter count and the root over the chunk entries — what the prover itself produced and can
 * vouch for, and nothing the host adds afterwards (loss, timings, chain links).
 *
 * @param keyId names the prover key, 1-256 printable ASCII characters
 * @param sig the signature bytes, written in standard padded base64
 */
public record StepSignature(String keyId, byte[] sig) {
  /** First line of every signed message; no other message signed by a zk-autograd key starts with it. */
  public static final String CONTEXT = "zk-autograd/step-signature/v1\n";

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

  /**
   * The bytes a step signature signs: {@link #CONTEXT} followed by the canonical JSON of {@code
   * {"backend", "chunks_root", "optimizer", "params", "run", "step"}}, where {@code chunks_root} is
   * the record's root over the canonical chunk entries (so every chunk's range, state roots, proof
   * path and proof digest are covered).
   */
  public static byte[] message(String runId, long step, Backend backend, OptimizerSpec optimizer, long params, List<ChunkEntry> chunks) {
    JsonObject body = JsonObject.builder()
        .put("backend", backend.wire())
        .put("chunks_root", StepRecord.chunksRoot(chunks).hex())
        .put("optimizer", optimizer.toJson())
        .put("params", params)
        .put("run", runId)
        .put("step", step)
        .build();
    byte[] context = CONTEXT.getBytes(StandardCharsets.UTF_8);
    byte[] json = Json.write(body);
    byte[] out = Arrays.copyOf(context, context.length + json.length);
    System.arraycopy(json, 0, out, context.length, json.length);
    return out;
  }

  /** {@link #message} of the step a draft describes. */
  public static byte[] message(StepDraft d) {
    return message(d.runId(), d.step(), d.backend(), d.optimizer(), d.params(), d.chunks());
  }

  /**
   * Refuses a draft that does not carry a valid signature by the declared prover key.
   *
   * @throws CoreException MISSING_FIELD naming {@code signature} for an unsigned step;
   *     SIGNATURE_INVALID naming {@code signature.key_id} for a signature by another key, or {@code
   *     signature.sig} for one that does not verify over this step's message
   */
  public static void verify(StepDraft d, ProverDeclaration prover) throws CoreException {
    StepSignature s = d.signature();
    if (s == null) {
      throw CoreException.of(Reason.MISSING_FIELD, "the run declares an attested prover, but this step is not signed")
          .field("signature").step(d.step()).expected("a signature by " + prover.keyId()).actual("none").build();
    }
    if (!s.keyId.equals(prover.keyId())) {
      throw CoreException.of(Reason.SIGNATURE_INVALID, "the step is signed by another key than the run's attested prover key")
          .field("signature.key_id").step(d.step()).expected(prover.keyId()).actual(s.keyId).build();
    }
    if (!s.verifies(prover.signingKey(), message(d))) {
      throw CoreException.of(Reason.SIGNATURE_INVALID, "the step signature does not verify over this step's run, number, rule and chunks")
          .field("signature.sig").step(d.step()).expected("an Ed25519 signature by " + prover.keyId()).actual(s.sig.length + " bytes that do not verify")
          .build();
    }
  }

  /** Whether this is a valid Ed25519 signature of {@code message} by the 32-byte {@code publicKey}. */
  public boolean verifies(byte[] publicKey, byte[] message) {
    return publicKey.length == Ed25519.PUBLIC_KEY_SIZE && sig.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(sig, 0, publicKey, 0, message, 0, message.length);
  }

  public JsonObject toJson() {
    return JsonObject.builder().put("key_id", keyId).put("sig", Base64.getEncoder().encodeToString(sig)).build();
  }

  static StepSignature read(JsonFields f) throws CoreException {
    String keyId = f.string("key_id", 256);
    if (keyId.isEmpty() || !printableAscii(keyId)) {
      throw f.bad("key_id", "key id must be printable ASCII", "1-256 printable ASCII characters", keyId);
    }
    String text = f.string("sig", 8192);
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw f.bad("sig", "not base64", "standard base64 with padding", text);
    }
    // One spelling per value: the decoder ignores stray low bits, the canonical re-encoding does not.
    if (sig.length == 0 || sig.length > 4096 || !Base64.getEncoder().encodeToString(sig).equals(text)) {
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
