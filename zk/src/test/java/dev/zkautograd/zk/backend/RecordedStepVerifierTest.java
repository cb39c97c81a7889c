package dev.zkautograd.zk.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Quantisation;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.adam.AdamFixtures;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run verifier rebuilds Adam statements from a step record and checks Adam proofs with them. */
class RecordedStepVerifierTest {
  static final StarkBackend FAST = new StarkBackend(ProofParameters.INSECURE_TESTING, SgdFixtures.random(21));
  static final RecordedStepVerifier VERIFIER =
      new RecordedStepVerifier(FAST, VerificationPolicy.insecureAcceptAnyParameters());
  static final int LENGTH = 64;
  static final long STEP = 2;

  @Test
  void adamRecordsGiveAdamStatementsAndTheirProofsVerify() throws Exception {
    AdamRule r = AdamFixtures.RULE;
    StepStatement s = StepStatement.adam(r.learningRate(), r.beta1(), r.beta2(), r.epsilon(), r.clip(), STEP, LENGTH, 0, 0,
        LENGTH);
    StepProof p = FAST.prove(s, AdamFixtures.witness(AdamFixtures.state(LENGTH, STEP, 7), AdamFixtures.gradients(LENGTH, 7),
        STEP));
    OptimizerSpec.Adam spec = new OptimizerSpec.Adam(32, r.learningRate(), r.beta1(), r.beta2(), r.epsilon(), r.clip());
    StepRecord record = record(spec, p);
    ChunkEntry chunk = record.draft().chunks().get(0);
    assertEquals(s, RecordedStepVerifier.publicInputs(record, chunk).statement());
    assertEquals(OptimizerKind.ADAM, RecordedStepVerifier.publicInputs(record, chunk).statement().optimizer());
    VERIFIER.verify(record, chunk, p.proof());

    // The same proof under a record declaring another beta1 is rejected as a proof of another statement.
    StepRecord other = record(new OptimizerSpec.Adam(32, r.learningRate(), r.beta1() - 1, r.beta2(), r.epsilon(), r.clip()), p);
    CoreException e = assertThrows(CoreException.class, () -> VERIFIER.verify(other, other.draft().chunks().get(0), p.proof()));
    assertEquals(CoreException.Reason.PROOF_INVALID, e.reason());
    assertEquals(VerificationException.Reason.PUBLIC_INPUT_MISMATCH.name(), e.field());

    // A record declaring a fixed-point format other than Q32 states a rule no step AIR proves.
    StepRecord q16 = record(new OptimizerSpec.Adam(16, r.learningRate() >> 16, r.beta1() >> 16, r.beta2() >> 16, 1,
        r.clip() >> 16), p);
    CoreException f = assertThrows(CoreException.class, () -> VERIFIER.verify(q16, q16.draft().chunks().get(0), p.proof()));
    assertEquals(CoreException.Reason.UNSUPPORTED_VERSION, f.reason());
    assertEquals("optimizer.frac_bits", f.field());
  }

  private static StepRecord record(OptimizerSpec spec, StepProof p) throws CoreException {
    ChunkEntry chunk = new ChunkEntry(0, 0, LENGTH, p.publicInputs().rootStateIn(), p.publicInputs().rootStateOut(),
        RunLayout.proofPath(STEP, 0, 1), Digest.sha256(p.proof()));
    StepDraft draft = StepDraft.builder()
        .runId("adam-run")
        .step(STEP)
        .backend(Backend.STARK)
        .optimizer(spec)
        .params(LENGTH)
        .chunks(List.of(chunk))
        .loss("1.5")
        .quantisation(new Quantisation("0.0000000002", "0.00000000004"))
        .proveMs(10)
        .build();
    return StepRecord.seal(draft, Digest.sha256("prev".getBytes(StandardCharsets.US_ASCII)));
  }
}
