package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.StarkBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} with the STARK verifier behind it, on runs with real proofs. */
class VerifyProofsTest {
  @TempDir Path tmp;

  @Test
  void an_honest_five_step_proven_run_verifies_with_every_proof_checked() throws Exception {
    ProvenRun.write(tmp.resolve("run-honest"), tmp.resolve("anchors"), "run-honest", 5, new StarkBackend());
    Cli c = Cli.withProofs("verify", "--run", tmp.resolve("run-honest").toString(), "--anchor-dir", tmp.resolve("anchors").toString());
    assertEquals(0, c.exit(), c::toString);
    assertTrue(c.out().contains("PASSED"), c::toString);
    assertTrue(c.out().matches("(?s).*proof\\.verify +PASS +10 proofs of all 5 steps verify.*"), c::toString);
  }

  @Test
  void an_honest_adam_run_verifies_with_every_proof_checked() throws Exception {
    ProvenRun.write(tmp.resolve("run-adam"), tmp.resolve("anchors"), "run-adam", 3, new StarkBackend(),
        ProvenRule.adam(AdamRule.of(0.01, 0.9, 0.999, 1e-8, 0.99)));
    Cli c = Cli.withProofs("verify", "--run", tmp.resolve("run-adam").toString(), "--anchor-dir", tmp.resolve("anchors").toString());
    assertEquals(0, c.exit(), c::toString);
    assertTrue(c.out().contains("backend stark, adam"), c::toString);
    assertTrue(c.out().matches("(?s).*proof\\.verify +PASS +6 proofs of all 3 steps verify.*"), c::toString);
  }

  @Test
  void a_middle_step_honestly_proven_from_another_state_is_refused_by_the_writer() throws Exception {
    // Step 2 of 5 is a valid proof of a valid update, but from weights the run never had: the proof
    // verifies on its own, and only the chain of state roots shows the run is not one computation.
    // The writer refuses to record it; a hand-made run with such a step, re-signed with the run's own
    // key, is the vector state-chain-broken-resealed.STATE_CHAIN_BROKEN that verify rejects.
    ProofBackend otherState = new ProofBackend() {
      final StarkBackend real = new StarkBackend();

      @Override
      public String id() {
        return real.id();
      }

      @Override
      public StepProof prove(StepStatement s, StepWitness w) throws VerificationException {
        if (s.step() != 2) {
          return real.prove(s, w);
        }
        long[] forged = w.weights();
        forged[0] += 1;
        return real.prove(s, new StepWitness(forged, w.gradients(), w.stateInSeed(), w.stateOutSeed()));
      }

      @Override
      public void verify(byte[] proof, StepPublicInputs inputs, VerificationPolicy policy) throws VerificationException {
        real.verify(proof, inputs, policy);
      }
    };
    CoreException e = assertThrows(CoreException.class,
        () -> ProvenRun.write(tmp.resolve("run-spliced"), tmp.resolve("anchors"), "run-spliced", 5, otherState));
    assertEquals(CoreException.Reason.STATE_CHAIN_BROKEN, e.reason(), e::getMessage);
    assertEquals(2L, e.step());
    assertEquals("chunks[0].state_in", e.field());
    // The prefix before the spliced step is intact and verifies as an open run.
    Cli c = Cli.withProofs("verify", "--run", tmp.resolve("run-spliced").toString(), "--allow-open");
    assertEquals(0, c.exit(), c::toString);
    assertTrue(c.out().matches("(?s).*proof\\.verify +PASS +4 proofs of all 2 steps verify.*"), c::toString);
  }

  @Test
  void a_proof_of_another_step_under_the_right_roots_is_rejected_naming_the_proof_file() throws Exception {
    // The prover records step 1's honest state roots but ships a valid proof of the same update
    // stated as step 7: the hash chain, the digests and the state chain all hold; only the proof fails.
    ProofBackend replaying = new ProofBackend() {
      final StarkBackend real = new StarkBackend();

      @Override
      public String id() {
        return real.id();
      }

      @Override
      public StepProof prove(StepStatement s, StepWitness w) throws VerificationException {
        StepProof honest = real.prove(s, w);
        return s.step() == 1 && s.chunkIndex() == 0 ? new StepProof(honest.publicInputs(), real.prove(s.withStep(7), w).proof()) : honest;
      }

      @Override
      public void verify(byte[] proof, StepPublicInputs inputs, VerificationPolicy policy) throws VerificationException {
        real.verify(proof, inputs, policy);
      }
    };
    ProvenRun.write(tmp.resolve("run-replayed"), tmp.resolve("anchors"), "run-replayed", 3, replaying);
    Cli c = Cli.withProofs("verify", "--run", tmp.resolve("run-replayed").toString(), "--anchor-dir", tmp.resolve("anchors").toString());
    assertEquals(Main.EXIT_CHECK_FAILED, c.exit(), c::toString);
    assertTrue(c.out().matches("(?s).*\n1 +proof\\.verify +FAIL +the stark proof of chunk 0 is rejected: the proof is for a different "
        + "statement \\[file proofs/step_00001/chunk_000\\.proof, step 1, field PUBLIC_INPUT_MISMATCH\\].*"), c::toString);
    assertTrue(c.out().contains("FAILED: 1 failure in 1 check (first: proof.verify in proofs/step_00001/chunk_000.proof)"), c::toString);
  }
}
