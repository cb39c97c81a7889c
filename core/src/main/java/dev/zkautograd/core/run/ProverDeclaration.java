package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.StrictBase64;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import java.util.Arrays;

/**
 * The attested prover of a run (manifest member {@code prover}, {@code
 * docs/formats/run-directory.md}): the attestation document the prover produced for this run, and
 * the Ed25519 step-signing key that document binds. Every step of a run that declares a prover
 * carries a {@link StepSignature} by {@link #signingKey()}. That the attestation really binds the
 * key, chains to a trusted root and measures an accepted image is for an attestation verifier to
 * check ({@code docs/attestation.md}); this type only carries the bytes.
 *
 * @param kind the attestation format, {@value #AWS_NITRO} (the only one today)
 * @param attestation the attestation document (for {@value #AWS_NITRO}: CBOR COSE_Sign1), 1 to
 *     {@value #MAX_ATTESTATION_BYTES} bytes
 * @param signingKey the 32-byte Ed25519 public key the steps are signed with
 */
public record ProverDeclaration(String kind, byte[] attestation, byte[] signingKey) {
  /** An AWS Nitro Enclaves attestation document. */
  public static final String AWS_NITRO = "aws-nitro";

  public static final int MAX_ATTESTATION_BYTES = 16 << 10;
  public static final int KEY_BYTES = 32;

  public ProverDeclaration {
    if (!AWS_NITRO.equals(kind)) throw new IllegalArgumentException("unknown prover kind " + kind);
    if (attestation.length == 0 || attestation.length > MAX_ATTESTATION_BYTES) throw new IllegalArgumentException("attestation size");
    if (signingKey.length != KEY_BYTES) throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
    attestation = attestation.clone();
    signingKey = signingKey.clone();
  }

  @Override
  public byte[] attestation() {
    return attestation.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  /** The {@code key_id} every step signature by this key carries: {@code ed25519:} and the hex SHA-256 of the key. */
  public String keyId() {
    return keyId(signingKey);
  }

  /** The key id of a raw Ed25519 public key. */
  public static String keyId(byte[] publicKey) {
    return "ed25519:" + Digest.sha256(publicKey).hex();
  }

  JsonObject toJson() {
    return JsonObject.builder().put("kind", kind).put("attestation", StrictBase64.encode(attestation))
        .put("signing_key", StrictBase64.encode(signingKey)).build();
  }

  static ProverDeclaration read(JsonFields f) throws CoreException {
    String kind = f.oneOf("kind", AWS_NITRO);
    byte[] attestation = StrictBase64.decode(f.string("attestation", (MAX_ATTESTATION_BYTES / 3 + 1) * 4), f.field("attestation"));
    if (attestation.length == 0) {
      throw f.bad("attestation", "the attestation document is empty", "1-" + MAX_ATTESTATION_BYTES + " bytes", 0);
    }
    byte[] key = StrictBase64.decode(f.string("signing_key", 64), f.field("signing_key"));
    if (key.length != KEY_BYTES) {
      throw f.bad("signing_key", "an Ed25519 public key has 32 bytes", KEY_BYTES + " bytes", key.length + " bytes");
    }
    f.refuseUnknown();
    return new ProverDeclaration(kind, attestation, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProverDeclaration p && p.kind.equals(kind) && Arrays.equals(p.attestation, attestation)
        && Arrays.equals(p.signingKey, signingKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signingKey);
  }

  @Override
  public String toString() {
    return "ProverDeclaration[" + kind + ", " + keyId() + "]";
  }
}
