package dev.zkautograd.zk.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.adam.AdamFixtures;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.sgd.SgdFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reusing step t's committed state_out as step t+1's state_in: the proof is byte for byte the one
 * the prover makes without reuse, and a state that is not exactly the one this proof commits (other
 * values, another seed, another shape) is recomputed, never trusted.
 */
class StateReuseTest {
  static final int LENGTH = 200;
  static final ProofParameters PARAMS = ProofParameters.INSECURE_TESTING;

  record Step(StepStatement statement, StepWitness witness, StarkBackend.Prepared prepared) {
    Map<String, dev.zkautograd.zk.BlindingSeed> seeds() {
      return Map.of(StepAir.STATE_IN, witness.stateInSeed(), StepAir.STATE_OUT, witness.stateOutSeed());
    }
  }

  static Step step(long t, AdamState state) throws Exception {
    StepStatement s = AdamFixtures.statement(LENGTH, t);
    StepWitness w = AdamFixtures.witness(state, AdamFixtures.gradients(LENGTH, 100 + t), t);
    return new Step(s, w, StarkBackend.prepare(s, w));
  }

  @Test
  void reusedStateGivesTheSameProofBytes() throws Exception {
    AdamState s0 = AdamFixtures.state(LENGTH, 0, 3);
    Step first = step(0, s0);
    StarkProver.Profiled p0 = new StarkProver(PARAMS, SgdFixtures.random(1)).proveProfiled(first.prepared().air(),
        first.prepared().trace(), first.seeds());
    CommittedState out0 = p0.states().get(StepAir.STATE_OUT);
    assertNotNull(out0);

    AdamState s1 = AdamFixtures.RULE.apply(s0, AdamFixtures.gradients(LENGTH, 100), 0);
    Step second = step(1, s1);
    StarkProver.Profiled fresh = new StarkProver(PARAMS, SgdFixtures.random(2)).proveProfiled(second.prepared().air(),
        second.prepared().trace(), second.seeds());
    StarkProver.Profiled reusing = new StarkProver(PARAMS, SgdFixtures.random(2)).proveProfiled(second.prepared().air(),
        second.prepared().trace(), second.seeds(), Map.of(StepAir.STATE_IN, out0));

    assertEquals(java.util.Set.of(StepAir.STATE_IN), reusing.reusedStates());
    assertTrue(fresh.reusedStates().isEmpty());
    assertArrayEquals(ProofCodec.encode(fresh.proof()), ProofCodec.encode(reusing.proof()));
    assertArrayEquals(out0.root(), reusing.states().get(StepAir.STATE_IN).root());
  }

  @Test
  void aStateOfOtherValuesOrAnotherSeedIsRecomputed() throws Exception {
    AdamState s0 = AdamFixtures.state(LENGTH, 0, 3);
    Step first = step(0, s0);
    CommittedState out0 = new StarkProver(PARAMS, SgdFixtures.random(1)).proveProfiled(first.prepared().air(),
        first.prepared().trace(), first.seeds()).states().get(StepAir.STATE_OUT);

    // Another state with the right seed: offered as state_in of a step that starts elsewhere.
    AdamState elsewhere = AdamFixtures.state(LENGTH, 1, 4);
    Step other = step(1, elsewhere);
    StarkProver.Profiled p = new StarkProver(PARAMS, SgdFixtures.random(2)).proveProfiled(other.prepared().air(),
        other.prepared().trace(), other.seeds(), Map.of(StepAir.STATE_IN, out0));
    assertTrue(p.reusedStates().isEmpty());
    assertNotEquals(java.util.HexFormat.of().formatHex(out0.root()),
        java.util.HexFormat.of().formatHex(p.states().get(StepAir.STATE_IN).root()));
    new StarkBackend(PARAMS, SgdFixtures.random(3)).verify(ProofCodec.encode(p.proof()),
        StarkBackend.withPublicInputs(other.prepared().air(), p.proof()).publicInputs(),
        VerificationPolicy.insecureAcceptAnyParameters());

    // The right values under another seed (state_in of step 0 has the seed of state 0, not 1).
    StarkProver.Profiled again = new StarkProver(PARAMS, SgdFixtures.random(2)).proveProfiled(first.prepared().air(),
        first.prepared().trace(), first.seeds(), Map.of(StepAir.STATE_IN, out0));
    assertTrue(again.reusedStates().isEmpty());
  }

  @Test
  void aRetainingBackendChainsStepsWithTheSameRootsAsAPlainOne() throws Exception {
    StarkBackend plain = new StarkBackend(PARAMS, SgdFixtures.random(5));
    StarkBackend retaining = new StarkBackend(PARAMS, SgdFixtures.random(6)).retainingStates(1);
    AdamState state = AdamFixtures.state(LENGTH, 0, 9);
    byte[] previousOut = null;
    for (long t = 0; t < 4; t++) {
      Step s = step(t, state);
      StepProof a = plain.prove(s.statement(), s.witness());
      StepProof b = retaining.prove(s.statement(), s.witness());
      retaining.verify(b.proof(), b.publicInputs(), VerificationPolicy.insecureAcceptAnyParameters());
      assertEquals(a.publicInputs(), b.publicInputs(), "step " + t);
      if (previousOut != null) {
        assertArrayEquals(previousOut, b.publicInputs().rootStateIn().bytes(), "step " + t + " chains");
      }
      previousOut = b.publicInputs().rootStateOut().bytes();
      state = AdamFixtures.RULE.apply(state, AdamFixtures.gradients(LENGTH, 100 + t), t);
    }
    assertTrue(previousOut.length == 32);
  }
}
