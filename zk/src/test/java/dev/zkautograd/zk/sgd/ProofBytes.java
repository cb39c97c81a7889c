package dev.zkautograd.zk.sgd;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import java.util.EnumSet;
import java.util.Set;

/** Helpers for tampering with proofs in tests. */
final class ProofBytes {
  /** Reasons that mean "a check of the argument failed" (as opposed to bad framing). */
  static final Set<Reason> SOUNDNESS_REASONS = EnumSet.of(Reason.COMMITMENT_MISMATCH, Reason.CONSTRAINT_MISMATCH,
      Reason.DEEP_MISMATCH, Reason.FRI_FOLD_MISMATCH, Reason.FRI_FINAL_MISMATCH, Reason.PROOF_OF_WORK_INVALID);

  private ProofBytes() {}

  static byte[] withStatement(byte[] proof, byte[] statement) throws VerificationException {
    StarkProof p = ProofCodec.decode(proof);
    return ProofCodec.encode(new StarkProof(p.params(), statement, p.segmentRoots(), p.compositionRoot(), p.oodTrace(),
        p.oodNext(), p.oodComposition(), p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(),
        p.compositionOpening(), p.friOpenings()));
  }
}
