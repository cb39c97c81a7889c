package dev.zkautograd.zk.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Untrusted bytes: random bit flips anywhere in a small proof, truncations, garbage and oversized
 * inputs are always rejected, and only ever with {@link VerificationException} (never another
 * exception). Seeded: the seed is in every failure message.
 */
class ProofTamperTest {
  static final long SEED = 0x7a3b_e1L;
  static final VerificationPolicy ANY = VerificationPolicy.insecureAcceptAnyParameters();
  static byte[] proof;
  static StepPublicInputs inputs;

  @BeforeAll
  static void prove() throws Exception {
    int length = 8;
    StarkBackend backend = new StarkBackend(ProofParameters.INSECURE_TESTING, SgdFixtures.random(SEED));
    StepProof p = backend.prove(SgdFixtures.statement(length, 1), new StepWitness(SgdFixtures.weights(length, 1),
        SgdFixtures.gradients(length, 1), SgdFixtures.seed(1), SgdFixtures.seed(2)));
    proof = p.proof();
    inputs = p.publicInputs();
    SgdStepVerifier.verify(proof, inputs, ANY);
  }

  static Reason rejectReason(byte[] bytes, String what) {
    try {
      SgdStepVerifier.verify(bytes, inputs, ANY);
    } catch (VerificationException e) {
      return e.reason();
    } catch (RuntimeException e) {
      throw new AssertionError("seed " + SEED + ", " + what + ": threw " + e, e);
    }
    return fail("seed " + SEED + ", " + what + ": accepted a tampered proof");
  }

  @Test
  void everyRandomFlipIsRejected() {
    Random r = new Random(SEED);
    int[] byReason = new int[Reason.values().length];
    for (int k = 0; k < 2500; k++) {
      int pos = r.nextInt(proof.length);
      int bit = r.nextInt(8);
      byte[] b = proof.clone();
      b[pos] ^= (byte) (1 << bit);
      byReason[rejectReason(b, "flip of bit " + bit + " at byte " + pos).ordinal()]++;
    }
    System.out.println("flips of a " + proof.length + "-byte proof, rejections by reason: "
        + java.util.Arrays.toString(byReason) + " over " + java.util.Arrays.toString(Reason.values()));
  }

  @Test
  void truncationsAndTrailingBytesAreMalformed() {
    Random r = new Random(SEED + 1);
    for (int k = 0; k < 300; k++) {
      int len = k < 100 ? k : r.nextInt(proof.length);
      byte[] b = java.util.Arrays.copyOf(proof, len);
      Reason reason = rejectReason(b, "truncation to " + len);
      assertTrue(reason == Reason.MALFORMED || reason == Reason.UNSUPPORTED_VERSION, reason + " at " + len);
    }
    assertEquals(Reason.MALFORMED, rejectReason(java.util.Arrays.copyOf(proof, proof.length + 1), "trailing byte"));
    assertEquals(Reason.MALFORMED, rejectReason(new byte[ProofCodec.MAX_PROOF_BYTES + 1], "oversized"));
  }

  @Test
  void garbageAndMutatedInputsOnlyEverThrowTheTypedError() {
    Random r = new Random(SEED + 2);
    Set<Reason> framing = EnumSet.of(Reason.MALFORMED, Reason.UNSUPPORTED_VERSION);
    for (int k = 0; k < 500; k++) {
      byte[] b = new byte[r.nextInt(2000)];
      r.nextBytes(b);
      if (k % 2 == 0 && b.length > 10) {
        System.arraycopy(proof, 0, b, 0, 10); // valid magic and version, garbage after
      }
      assertTrue(framing.contains(rejectReason(b, "garbage #" + k)));
    }
    for (int k = 0; k < 300; k++) {
      byte[] b = proof.clone();
      int edits = 1 + r.nextInt(8);
      for (int e = 0; e < edits; e++) {
        int pos = r.nextInt(b.length);
        switch (r.nextInt(3)) {
          case 0 -> b[pos] = (byte) r.nextInt();
          case 1 -> b[pos] = (byte) 0xFF;
          default -> b[pos] = 0;
        }
      }
      if (java.util.Arrays.equals(b, proof)) {
        continue; // the edits wrote the bytes that were already there: not a tampered proof
      }
      rejectReason(b, "mutation #" + k);
    }
  }
}
