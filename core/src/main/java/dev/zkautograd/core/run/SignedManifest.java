package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.checkpoint.StrictBase64;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code run_manifest.json} as it is on disk: a {@link RunManifest} and its {@code signature}, an
 * Ed25519 signature by the run's checkpoint key over {@value #CONTEXT_TEXT} followed by the canonical
 * JSON of the manifest without {@code signature} ({@code docs/formats/run-directory.md}).
 *
 * <p>Without it, the members no other file commits to ({@code created}, {@code model}, {@code
 * torrent}) could be edited unnoticed. The signature is made over the typed manifest written back as
 * canonical JSON, so what verifies is exactly the value a reader goes on to use, whatever layout the
 * file had.
 */
public final class SignedManifest {
  /** The signed bytes start with this line; see {@link #CONTEXT}. */
  public static final String CONTEXT_TEXT = "zk-autograd/manifest/v1\n";

  /**
   * Domain separation: the same key signs checkpoint notes, and no note body can start with this
   * line (an origin {@code zk-autograd/<run-id>} has no second slash), nor can a manifest message be
   * a note body (note bodies end in a newline, canonical JSON does not).
   */
  static final byte[] CONTEXT = CONTEXT_TEXT.getBytes(StandardCharsets.US_ASCII);

  /** Length of an Ed25519 signature. */
  static final int SIGNATURE_BYTES = 64;

  private final RunManifest manifest;
  private final byte[] signature;

  private SignedManifest(RunManifest manifest, byte[] signature) {
    this.manifest = manifest;
    this.signature = signature;
  }

  /**
   * Signs {@code manifest} with the run's checkpoint key.
   *
   * @throws IllegalArgumentException if {@code signer} is not the key the manifest names
   */
  public static SignedManifest sign(RunManifest manifest, NoteSigner signer) {
    if (!signer.verifier().encode().equals(manifest.log().verifierKey())) {
      throw new IllegalArgumentException("the manifest names another checkpoint key than " + signer.name());
    }
    return new SignedManifest(manifest, signer.signMessage(message(manifest)));
  }

  /**
   * Reads {@code run_manifest.json} (any JSON layout): every member of the manifest, and a {@code
   * signature} of canonical base64 of 64 bytes. Says nothing about authenticity until {@link #verify}.
   *
   * @throws CoreException naming the file and the field; MISSING_FIELD when there is no signature
   */
  public static SignedManifest parse(byte[] bytes) throws CoreException {
    try {
      JsonFields f = JsonFields.of(Json.parse(bytes, JsonParseOptions.DEFAULT.withMaxBytes(RunManifest.MAX_BYTES)), null);
      if (!f.has("signature")) {
        // The format and the rest are checked first: a manifest of another version says so, not "unsigned".
        RunManifest.read(f);
        throw CoreException.of(Reason.MISSING_FIELD, "run_manifest.json is not signed").field("signature")
            .expected("base64 Ed25519 signature by the run's checkpoint key").actual("no signature member").build();
      }
      byte[] signature = StrictBase64.decode(f.string("signature", 2 * SIGNATURE_BYTES), "signature");
      if (signature.length != SIGNATURE_BYTES) {
        throw CoreException.of(Reason.BAD_FIELD, "an Ed25519 signature has 64 bytes").field("signature")
            .expected(SIGNATURE_BYTES + " bytes").actual(signature.length + " bytes").build();
      }
      return new SignedManifest(RunManifest.read(f), signature);
    } catch (CoreException e) {
      throw e.at(RunLayout.MANIFEST, null);
    }
  }

  /**
   * Checks the signature with {@code key}: the key the manifest names ({@code log.verifier_key}), or
   * one the auditor pinned. Only the pinned key says who signed; the manifest's own key shows only
   * that nobody without that key changed a byte.
   *
   * @throws CoreException SIGNATURE_INVALID naming {@code run_manifest.json} and field {@code signature}
   */
  public void verify(NoteVerifier key) throws CoreException {
    try {
      key.verifyMessage(message(manifest), signature);
    } catch (CoreException e) {
      throw CoreException.of(e.reason(), "run_manifest.json is not signed by the run's key (edited after signing, or signed by another key)")
          .file(RunLayout.MANIFEST).field("signature").expected("Ed25519 signature by " + key.encode())
          .actual("a signature that does not verify").build(e);
    }
  }

  public RunManifest manifest() {
    return manifest;
  }

  /** The canonical JSON written to {@value RunLayout#MANIFEST}: the manifest with its signature. */
  public byte[] bytes() {
    JsonObject signed = JsonObject.builder().putAll(manifest.toJson().members()).put("signature", StrictBase64.encode(signature)).build();
    return Json.write(signed);
  }

  private static byte[] message(RunManifest m) {
    byte[] content = m.unsignedBytes();
    byte[] out = Arrays.copyOf(CONTEXT, CONTEXT.length + content.length);
    System.arraycopy(content, 0, out, CONTEXT.length, content.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedManifest s && s.manifest.equals(manifest) && Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(manifest, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignedManifest[" + manifest.spec().runId() + ", " + manifest.status().wire() + "]";
  }
}
