package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.StepRecord;

/**
 * The proof system's half of an audit: verifies one chunk's proof of one step against the public
 * inputs its record states. The {@code zk} module implements it with the STARK verifier; a build
 * without a proof system passes {@link #NONE}, and the audit then reports the proof check skipped,
 * never passed.
 */
public interface StepProofVerifier {

  /**
   * Returns normally only if {@code proof} (the bytes of {@code chunk.proof()}, already checked
   * against {@code chunk.proofSha256()}) proves the step {@code record} declares for that chunk.
   *
   * @throws CoreException {@link CoreException.Reason#PROOF_INVALID} (the cause says why), or
   *     UNSUPPORTED_VERSION for a proof format this verifier does not know
   */
  void verify(StepRecord record, ChunkEntry chunk, byte[] proof) throws CoreException;

  /** Whether this verifier checks proofs of {@code backend}; for others the audit reports SKIP. */
  default boolean supports(Backend backend) {
    return true;
  }

  /** No proof system: supports no backend, so every proof check is reported skipped. */
  StepProofVerifier NONE = new StepProofVerifier() {
    @Override
    public void verify(StepRecord record, ChunkEntry chunk, byte[] proof) {
      throw new IllegalStateException("StepProofVerifier.NONE verifies nothing; the audit asks supports() first");
    }

    @Override
    public boolean supports(Backend backend) {
      return false;
    }
  };
}
