package dev.zkautograd.zk.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.adam.AdamFixtures;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdFixtures;
import org.junit.jupiter.api.Test;

/** Whoever holds a state's values and seed recomputes the root the run published, and nothing else does. */
class StateOpeningTest {
  static final ProofParameters PARAMS = ProofParameters.INSECURE_TESTING;
  static final StarkBackend BACKEND = new StarkBackend(PARAMS, SgdFixtures.random(31));
  static final long[] NONE = new long[0];

  @Test
  void sgdStatesBeforeAndAfterAStepOpenToThePublishedRoots() throws Exception {
    int length = 100;
    long t = 3;
    long[] w = SgdFixtures.weights(length, 1);
    long[] g = SgdFixtures.gradients(length, 2);
    StepStatement s = SgdFixtures.statement(length, t);
    StepProof p = BACKEND.prove(s, new StepWitness(w, g, SgdFixtures.seed(t), SgdFixtures.seed(t + 1)));
    long[] next = new SgdRule(SgdFixtures.LR, SgdFixtures.CLIP).apply(w, g);

    assertEquals(p.publicInputs().rootStateIn(), StateOpening.root(s, PARAMS, w, NONE, NONE, SgdFixtures.seed(t)));
    assertEquals(p.publicInputs().rootStateOut(),
        StateOpening.root(s.withStep(t + 1), PARAMS, next, NONE, NONE, SgdFixtures.seed(t + 1)));

    long[] other = next.clone();
    other[17] += 1;
    assertNotEquals(p.publicInputs().rootStateOut(),
        StateOpening.root(s.withStep(t + 1), PARAMS, other, NONE, NONE, SgdFixtures.seed(t + 1)), "another model");
    assertNotEquals(p.publicInputs().rootStateOut(),
        StateOpening.root(s.withStep(t + 1), PARAMS, next, NONE, NONE, SgdFixtures.seed(t + 2)), "another state's seed");
  }

  @Test
  void adamStatesOpenWithTheirMoments() throws Exception {
    int length = 64;
    long t = 5;
    AdamState before = AdamFixtures.state(length, t, 3);
    long[] g = AdamFixtures.gradients(length, 4);
    StepWitness witness = AdamFixtures.witness(before, g, t);
    StepProof p = BACKEND.prove(AdamFixtures.statement(length, t), witness);
    AdamState after = AdamFixtures.RULE.apply(before, g, t);

    Digest opened = StateOpening.root(AdamFixtures.statement(length, t + 1), PARAMS, after.weights(), after.moments(),
        after.secondMoments(), witness.stateOutSeed());
    assertEquals(p.publicInputs().rootStateOut(), opened);
    long[] m = after.moments();
    m[3] += 1;
    assertNotEquals(p.publicInputs().rootStateOut(), StateOpening.root(AdamFixtures.statement(length, t + 1), PARAMS,
        after.weights(), m, after.secondMoments(), witness.stateOutSeed()), "the moments are part of the state");
  }
}
