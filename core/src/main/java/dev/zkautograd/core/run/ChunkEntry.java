package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;

/**
 * One chunk of a step: parameters [offset, offset+length) proven by one proof, with the commitments
 * to that chunk's state before ({@code state_in}) and after ({@code state_out}) the step.
 *
 * @param proof the proof file, relative to the run directory, under {@code proofs/}
 * @param proofSha256 SHA-256 of the proof file's bytes
 */
public record ChunkEntry(int index, long offset, long length, Digest stateIn, Digest stateOut, RelativePath proof, Digest proofSha256) {

  public ChunkEntry {
    if (index < 0 || offset < 0 || length < 1 || offset + length > JsonNumber.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("chunk index, offset or length out of range");
    }
    if (!proof.isUnder(RunLayout.PROOFS)) {
      throw new IllegalArgumentException("proof files live under " + RunLayout.PROOFS + "/");
    }
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("index", index)
        .put("offset", offset)
        .put("length", length)
        .put("state_in", stateIn.hex())
        .put("state_out", stateOut.hex())
        .put("proof", proof.value())
        .put("proof_sha256", proofSha256.hex())
        .build();
  }

  /** The canonical bytes of {@link #toJson()}: a leaf of the step's {@code chunks_root}. */
  public byte[] canonicalBytes() {
    return Json.write(toJson());
  }

  /**
   * Refuses proof bytes whose SHA-256 {@code actual} is not this entry's {@code proof_sha256}: a
   * DIGEST_MISMATCH naming the proof file, the step and the field.
   */
  public void checkProof(long step, Digest actual) throws CoreException {
    if (!actual.equals(proofSha256)) {
      throw CoreException.of(CoreException.Reason.DIGEST_MISMATCH, "proof file does not match its record").file(proof.value())
          .step(step).field("chunks[" + index + "].proof_sha256").expected(proofSha256).actual(actual).build();
    }
  }

  static ChunkEntry read(JsonFields f, int maxIndex) throws CoreException {
    int index = (int) f.integer("index", 0, maxIndex);
    long offset = f.integer("offset", 0, JsonNumber.MAX_SAFE_INTEGER - 1);
    long length = f.integer("length", 1, JsonNumber.MAX_SAFE_INTEGER - offset);
    Digest in = f.digest("state_in");
    Digest out = f.digest("state_out");
    RelativePath proof = RelativePath.parse(f.string("proof", RelativePath.MAX_LENGTH), f.field("proof"));
    if (!proof.isUnder(RunLayout.PROOFS)) {
      throw f.bad("proof", "proof files live under " + RunLayout.PROOFS + "/", RunLayout.PROOFS + "/...", proof);
    }
    Digest sha = f.digest("proof_sha256");
    f.refuseUnknown();
    return new ChunkEntry(index, offset, length, in, out, proof, sha);
  }
}
