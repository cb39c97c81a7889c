package dev.zkautograd.zk.sgd;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.verifier.StarkVerifier;

/** Verifies an SGD step proof against its public inputs (verifier-safe). */
public final class SgdStepVerifier {
  private SgdStepVerifier() {}

  /**
   * Parses and verifies.
   *
   * @throws VerificationException MALFORMED/UNSUPPORTED_VERSION for bad bytes, PUBLIC_INPUT_MISMATCH
   *     if the proof is about another statement or other state roots, and the engine's reasons otherwise
   */
  public static void verify(byte[] proofBytes, StepPublicInputs publicInputs, VerificationPolicy policy)
      throws VerificationException {
    StarkProof proof = ProofCodec.decode(proofBytes);
    SgdAir air = SgdAir.of(publicInputs.statement());
    CompiledAir ca = CompiledAir.of(air);
    if (proof.segmentRoots().size() == ca.layout().segments().size()) {
      checkRoot("state_in", publicInputs.rootStateIn(), proof.segmentRoots().get(ca.layout().segmentIndex(SgdAir.STATE_IN)));
      checkRoot("state_out", publicInputs.rootStateOut(), proof.segmentRoots().get(ca.layout().segmentIndex(SgdAir.STATE_OUT)));
    }
    StarkVerifier.verify(proof, air, policy);
  }

  private static void checkRoot(String which, Digest expected, byte[] actual) throws VerificationException {
    Digest found = Digest.of(actual);
    if (!found.equals(expected)) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "root of " + which + " differs from the public input",
          expected.hex(), found.hex());
    }
  }
}
