package dev.zkautograd.zk.proof;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.sgd.SgdStepVerifier;

/**
 * Jazzer target for the parser and verifier of untrusted proof bytes: nothing but
 * {@link VerificationException} may escape. In the normal test run it replays the seed corpus in
 * {@code src/test/resources/dev/zkautograd/zk/proof/ProofCodecFuzzTestInputs/}; run with
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class ProofCodecFuzzTest {
  static final StepPublicInputs INPUTS = new StepPublicInputs(
      StepStatement.sgd(1 << 20, 1L << 32, 1, 8, 0, 0, 8).withLimbBits(8),
      Digest.sha256(new byte[] {1}), Digest.sha256(new byte[] {2}));

  @FuzzTest
  void decodeAndVerify(byte[] data) {
    try {
      SgdStepVerifier.verify(data, INPUTS, VerificationPolicy.insecureAcceptAnyParameters());
    } catch (VerificationException expected) {
      // the only allowed outcome for untrusted bytes that are not a valid proof
    }
  }
}
