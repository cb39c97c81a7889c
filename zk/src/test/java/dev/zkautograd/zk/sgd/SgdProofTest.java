package dev.zkautograd.zk.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import org.junit.jupiter.api.Test;

/** Prove-and-verify of SGD steps at several sizes, chaining of state roots, and wrong public inputs. */
class SgdProofTest {
  static final VerificationPolicy ANY = VerificationPolicy.insecureAcceptAnyParameters();
  static final StarkBackend FAST = new StarkBackend(ProofParameters.INSECURE_TESTING, SgdFixtures.random(7));

  static StepProof prove(StarkBackend backend, StepStatement s, long[] w, long[] g, long stateIn) throws VerificationException {
    return backend.prove(s, new StepWitness(w, g, SgdFixtures.seed(stateIn), SgdFixtures.seed(stateIn + 1)));
  }

  @Test
  void provesAndVerifiesAtSeveralSizes() throws Exception {
    for (int length : new int[] {1, 5, 64, 256, 300, 1000}) {
      StepStatement s = SgdFixtures.statement(length, 3);
      StepProof p = prove(FAST, s, SgdFixtures.weights(length, length), SgdFixtures.gradients(length, length), 3);
      FAST.verify(p.proof(), p.publicInputs(), ANY);
    }
  }

  @Test
  void provesWithSixteenBitLimbsAtProvenParameters() throws Exception {
    int length = 70_001; // not a power of two: 2^17 rows, 61,071 inert
    StepStatement s = StepStatement.sgd(SgdFixtures.LR, SgdFixtures.CLIP, 9, 1_000_000, 2, 500_000, length);
    StarkBackend backend = new StarkBackend(ProofParameters.PROVEN_100, SgdFixtures.random(8));
    StepProof p = prove(backend, s, SgdFixtures.weights(length, 1), SgdFixtures.gradients(length, 1), 9);
    backend.verify(p.proof(), p.publicInputs(), VerificationPolicy.DEFAULT);
    CompiledAir ca = CompiledAir.of(SgdAir.of(s));
    double bits = SecurityBound.bits(ProofShape.of(ProofParameters.PROVEN_100, ca), ca);
    assertTrue(bits >= 100, "proven bits " + bits);
  }

  @Test
  void defaultBackendMeetsTheDefaultPolicyForShortChunks() throws Exception {
    // Short traces need a larger blow-up than PROVEN_100's for 100 bits; the default backend finds it.
    for (int length : new int[] {1, 300, 4096}) {
      StepStatement s = StepStatement.sgd(SgdFixtures.LR, SgdFixtures.CLIP, 4, 10_000, 1, 5_000, length);
      StarkBackend backend = new StarkBackend(ParameterChoice.proven(100), SgdFixtures.random(length));
      StepProof p = prove(backend, s, SgdFixtures.weights(length, 2), SgdFixtures.gradients(length, 2), 4);
      backend.verify(p.proof(), p.publicInputs(), VerificationPolicy.DEFAULT);
      assertEquals(8, s.limbBits(), "chunks up to 2^15 parameters use 8-bit limbs");
    }
    CompiledAir tiny = CompiledAir.of(SgdAir.of(StepStatement.sgd(SgdFixtures.LR, SgdFixtures.CLIP, 0, 300, 0, 0, 300)));
    assertThrows(IllegalArgumentException.class, () -> ProofShape.of(ProofParameters.PROVEN_100, tiny),
        "blow-up 4 cannot hold the randomisers of a 512-row trace");
  }

  @Test
  void consecutiveStepsChainByRoot() throws Exception {
    int length = 100;
    long[] w0 = SgdFixtures.weights(length, 11);
    long[] g0 = SgdFixtures.gradients(length, 12);
    long[] g1 = SgdFixtures.gradients(length, 13);
    SgdRule rule = new SgdRule(SgdFixtures.LR, SgdFixtures.CLIP);
    long[] w1 = rule.apply(w0, g0);
    StepProof step0 = prove(FAST, SgdFixtures.statement(length, 0), w0, g0, 0);
    StepProof step1 = prove(FAST, SgdFixtures.statement(length, 1), w1, g1, 1);
    FAST.verify(step0.proof(), step0.publicInputs(), ANY);
    FAST.verify(step1.proof(), step1.publicInputs(), ANY);
    assertEquals(step0.publicInputs().rootStateOut(), step1.publicInputs().rootStateIn());

    // A third proof of step 1 from a different state (one weight changed) does not chain.
    long[] forged = w1.clone();
    forged[42] += 1;
    StepProof other = prove(FAST, SgdFixtures.statement(length, 1), forged, g1, 1);
    FAST.verify(other.proof(), other.publicInputs(), ANY);
    assertNotEquals(step0.publicInputs().rootStateOut(), other.publicInputs().rootStateIn());
  }

  @Test
  void proofForStepTIsNotAProofForStepTPlusOne() throws Exception {
    int length = 64;
    StepProof p = prove(FAST, SgdFixtures.statement(length, 5), SgdFixtures.weights(length, 5), SgdFixtures.gradients(length, 5), 5);
    StepPublicInputs asNext = new StepPublicInputs(p.publicInputs().statement().withStep(6), p.publicInputs().rootStateIn(),
        p.publicInputs().rootStateOut());
    VerificationException e = assertThrows(VerificationException.class, () -> FAST.verify(p.proof(), asNext, ANY));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());

    // Rewriting the step inside the proof bytes as well changes every challenge: still rejected.
    byte[] rewritten = ProofBytes.withStatement(p.proof(), asNext.statement().toBytes());
    VerificationException e2 = assertThrows(VerificationException.class, () -> FAST.verify(rewritten, asNext, ANY));
    assertTrue(ProofBytes.SOUNDNESS_REASONS.contains(e2.reason()), e2.reason().toString());
  }

  @Test
  void everyChangedPublicInputIsRejected() throws Exception {
    int length = 64;
    StepStatement s = SgdFixtures.statement(length, 2);
    StepProof p = prove(FAST, s, SgdFixtures.weights(length, 2), SgdFixtures.gradients(length, 2), 2);
    StepPublicInputs pi = p.publicInputs();
    StepStatement[] changed = {
      new StepStatement(s.optimizer(), java.util.List.of(SgdFixtures.LR + 1, SgdFixtures.CLIP), 32, 2, length, 0, 0, length, 8),
      new StepStatement(s.optimizer(), java.util.List.of(SgdFixtures.LR, SgdFixtures.CLIP - 1), 32, 2, length, 0, 0, length, 8),
      s.withStep(3),
      new StepStatement(s.optimizer(), s.hyperParameters(), 32, 2, length + 1, 0, 0, length, 8),
      new StepStatement(s.optimizer(), s.hyperParameters(), 32, 2, length, 1, 0, length, 8),
      new StepStatement(s.optimizer(), s.hyperParameters(), 32, 2, length + 1, 0, 1, length, 8),
      new StepStatement(s.optimizer(), s.hyperParameters(), 32, 2, length, 0, 0, length - 1, 8),
      s.withLimbBits(16),
    };
    for (StepStatement c : changed) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> FAST.verify(p.proof(), new StepPublicInputs(c, pi.rootStateIn(), pi.rootStateOut()), ANY), c.toString());
      assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    }
    StepProof q = prove(FAST, s, SgdFixtures.weights(length, 99), SgdFixtures.gradients(length, 2), 2);
    for (StepPublicInputs c : new StepPublicInputs[] {
        new StepPublicInputs(s, q.publicInputs().rootStateIn(), pi.rootStateOut()),
        new StepPublicInputs(s, pi.rootStateIn(), q.publicInputs().rootStateOut())}) {
      VerificationException e = assertThrows(VerificationException.class, () -> FAST.verify(p.proof(), c, ANY));
      assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    }
  }

  @Test
  void weakParametersAreRejectedNotWarned() throws Exception {
    int length = 64;
    StepProof p = prove(FAST, SgdFixtures.statement(length, 1), SgdFixtures.weights(length, 1), SgdFixtures.gradients(length, 1), 1);
    VerificationException e = assertThrows(VerificationException.class,
        () -> FAST.verify(p.proof(), p.publicInputs(), VerificationPolicy.DEFAULT));
    assertEquals(Reason.WEAK_PARAMETERS, e.reason());
    assertTrue(e.actual().endsWith("bits"), e.getMessage());
  }

  @Test
  void honestProverRefusesOutOfRangeWitness() {
    int length = 8;
    long[] w = SgdFixtures.weights(length, 1);
    w[3] = SgdRule.WEIGHT_BOUND;
    VerificationException e = assertThrows(VerificationException.class,
        () -> prove(FAST, SgdFixtures.statement(length, 1), w, SgdFixtures.gradients(length, 1), 1));
    assertEquals(Reason.WITNESS_REJECTED, e.reason());
  }
}
