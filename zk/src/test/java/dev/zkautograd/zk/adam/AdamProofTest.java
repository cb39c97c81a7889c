package dev.zkautograd.zk.adam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamSchedule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prove-and-verify of Adam steps, chaining of w, m and v by state root, and wrong public inputs. */
class AdamProofTest {
  static final VerificationPolicy ANY = VerificationPolicy.insecureAcceptAnyParameters();
  static final StarkBackend FAST = new StarkBackend(ProofParameters.INSECURE_TESTING, SgdFixtures.random(17));

  static StepProof prove(StarkBackend backend, StepStatement s, AdamState state, long[] g) throws VerificationException {
    return backend.prove(s, AdamFixtures.witness(state, g, s.step()));
  }

  @Test
  void provesAndVerifiesAtSeveralSizes() throws Exception {
    for (int length : new int[] {1, 5, 64, 300}) {
      StepStatement s = AdamFixtures.statement(length, 2);
      StepProof p = prove(FAST, s, AdamFixtures.state(length, 2, length), AdamFixtures.gradients(length, length));
      FAST.verify(p.proof(), p.publicInputs(), ANY);
      assertEquals(OptimizerKind.ADAM, p.publicInputs().statement().optimizer());
    }
  }

  @Test
  void provesAtTheDefaultProvenParameters() throws Exception {
    int length = 100;
    StepStatement s = StepStatement.adam(AdamFixtures.RULE.learningRate(), AdamFixtures.RULE.beta1(),
        AdamFixtures.RULE.beta2(), AdamFixtures.RULE.epsilon(), AdamFixtures.RULE.clip(), 0, 1000, 3, 300, length);
    assertEquals(8, s.limbBits());
    StarkBackend backend = new StarkBackend(ParameterChoice.proven(100), SgdFixtures.random(18));
    StepProof p = prove(backend, s, AdamFixtures.state(length, 0, 5), AdamFixtures.gradients(length, 5));
    backend.verify(p.proof(), p.publicInputs(), VerificationPolicy.DEFAULT);
  }

  @Test
  void consecutiveStepsChainWeightsAndBothMomentsByRoot() throws Exception {
    int length = 100;
    AdamState s0 = AdamFixtures.state(length, 0, 11);
    long[] g0 = AdamFixtures.gradients(length, 12);
    long[] g1 = AdamFixtures.gradients(length, 13);
    AdamState s1 = AdamFixtures.RULE.apply(s0, g0, 0);
    StepProof step0 = prove(FAST, AdamFixtures.statement(length, 0), s0, g0);
    StepProof step1 = prove(FAST, AdamFixtures.statement(length, 1), s1, g1);
    FAST.verify(step0.proof(), step0.publicInputs(), ANY);
    FAST.verify(step1.proof(), step1.publicInputs(), ANY);
    assertEquals(step0.publicInputs().rootStateOut(), step1.publicInputs().rootStateIn());

    // The same weights with one first or one second moment changed make another state: no chain.
    for (int which = 0; which < 2; which++) {
      StepWitness honest = AdamFixtures.witness(s1, g1, 1);
      long[] m = honest.moments().clone();
      long[] v = honest.secondMoments().clone();
      if (which == 0) {
        m[42] += 1;
      } else {
        v[42] += 1;
      }
      AdamState forged = new AdamState(honest.weights(), m, v);
      StepProof other = prove(FAST, AdamFixtures.statement(length, 1), forged, g1);
      FAST.verify(other.proof(), other.publicInputs(), ANY);
      assertNotEquals(step0.publicInputs().rootStateOut(), other.publicInputs().rootStateIn(), "moment " + which);
    }
  }

  @Test
  void changedPublicInputsAreRejected() throws Exception {
    int length = 64;
    StepStatement s = AdamFixtures.statement(length, 2);
    StepProof p = prove(FAST, s, AdamFixtures.state(length, 2, 3), AdamFixtures.gradients(length, 3));
    StepPublicInputs pi = p.publicInputs();
    AdamRule r = AdamFixtures.RULE;
    StepStatement[] changed = {
      adam(r.learningRate() + 1, r.beta1(), r.beta2(), r.epsilon(), r.clip(), 2, length),
      adam(r.learningRate(), r.beta1() + 1, r.beta2(), r.epsilon(), r.clip(), 2, length),
      adam(r.learningRate(), r.beta1(), r.beta2() - 1, r.epsilon(), r.clip(), 2, length),
      adam(r.learningRate(), r.beta1(), r.beta2(), r.epsilon() + 1, r.clip(), 2, length),
      adam(r.learningRate(), r.beta1(), r.beta2(), r.epsilon(), r.clip() - 1, 2, length),
      s.withStep(3),
      s.withStep(1),
      new StepStatement(OptimizerKind.SGD, List.of(r.learningRate(), r.clip()), 32, 2, length, 0, 0, length, 8),
    };
    for (StepStatement c : changed) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> FAST.verify(p.proof(), new StepPublicInputs(c, pi.rootStateIn(), pi.rootStateOut()), ANY), c.toString());
      assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason(), c.toString());
    }
  }

  @Test
  void theScheduleIsDerivedFromTheStepNumber() throws Exception {
    AdamAir at0 = AdamAir.of(AdamFixtures.statement(8, 0));
    AdamAir at9 = AdamAir.of(AdamFixtures.statement(8, 9));
    assertEquals(AdamSchedule.of(AdamFixtures.RULE, 1), at0.schedule());
    assertEquals(AdamSchedule.of(AdamFixtures.RULE, 10), at9.schedule());
    assertNotEquals(at0.schedule().learningRate(), at9.schedule().learningRate());
  }

  @Test
  void invalidStatementsAreRefused() {
    AdamRule r = AdamFixtures.RULE;
    StepStatement[] bad = {
      adam(r.learningRate(), 1L << 32, r.beta2(), r.epsilon(), r.clip(), 0, 8), // beta1 = 1.0
      adam(r.learningRate(), r.beta1(), r.beta2(), r.epsilon(), 1L << 32, 0, 8), // clip = 1.0
      adam(r.learningRate(), r.beta1(), r.beta2(), 1L << 50, r.clip(), 0, 8), // eps_t above 2^40
      adam(r.learningRate(), r.beta1(), r.beta2(), r.epsilon(), r.clip(), Long.MAX_VALUE, 8),
      new StepStatement(OptimizerKind.ADAM, List.of(r.learningRate(), r.clip()), 32, 0, 8, 0, 0, 8, 8),
    };
    for (StepStatement s : bad) {
      VerificationException e = assertThrows(VerificationException.class, () -> AdamAir.of(s), s.toString());
      assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    }
  }

  @Test
  void honestProverRefusesOutOfRangeOrMissingState() throws Exception {
    int length = 8;
    AdamState st = AdamFixtures.state(length, 1, 1);
    long[] g = AdamFixtures.gradients(length, 1);
    StepWitness w = AdamFixtures.witness(st, g, 1);
    long[] m = w.moments().clone();
    m[3] = AdamFixtures.RULE.clip() + 1;
    StepWitness[] bad = {
      StepWitness.adam(w.weights(), m, w.secondMoments(), g, w.stateInSeed(), w.stateOutSeed()),
      new StepWitness(w.weights(), g, w.stateInSeed(), w.stateOutSeed()), // an SGD witness: no moments
    };
    for (StepWitness b : bad) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> FAST.prove(AdamFixtures.statement(length, 1), b));
      assertEquals(Reason.WITNESS_REJECTED, e.reason());
    }
  }

  private static StepStatement adam(long lr, long b1, long b2, long eps, long clip, long step, int length) {
    return StepStatement.adam(lr, b1, b2, eps, clip, step, length, 0, 0, length).withLimbBits(8);
  }
}
