package dev.zkautograd.zk.verifier;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;

/**
 * Verifies a step proof of any optimizer against its public inputs: the state roots in the proof
 * must be the public ones, then the STARK must verify for the step AIR (verifier-safe).
 */
public final class StepVerifier {
  private StepVerifier() {}

  /**
   * Parses and verifies {@code proofBytes} for {@code air}, built from {@code publicInputs.statement()}.
   *
   * @throws VerificationException MALFORMED/UNSUPPORTED_VERSION for bad bytes, PUBLIC_INPUT_MISMATCH
   *     if the proof is about another statement or other state roots, and the engine's reasons otherwise
   */
  public static void verify(byte[] proofBytes, StepAir air, StepPublicInputs publicInputs, VerificationPolicy policy)
      throws VerificationException {
    StarkProof proof = ProofCodec.decode(proofBytes);
    CompiledAir ca = CompiledAir.of(air);
    if (proof.segmentRoots().size() == ca.layout().segments().size()) {
      checkRoot("state_in", publicInputs.rootStateIn(), proof.segmentRoots().get(ca.layout().segmentIndex(StepAir.STATE_IN)));
      checkRoot("state_out", publicInputs.rootStateOut(),
          proof.segmentRoots().get(ca.layout().segmentIndex(StepAir.STATE_OUT)));
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
