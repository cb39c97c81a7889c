package dev.zkautograd.portal;

import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.LinearRegressionTask;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.trainer.ProvenTraining;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.StarkBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Small finished runs with real STARK proofs (default parameters, at least 100 proven bits), written
 * by the real trainer and run writer: Adam as in the demo, 64 parameters in two chunks, anchored
 * under a file counter. Forged runs are written the same way with a prover that misbehaves at one
 * step, so that everything but the proof is honestly sealed by the run's own key.
 */
final class ProvenRuns {
  static final int PARAMS = 64;
  static final int CHUNKS = 2;

  private ProvenRuns() {}

  /** The run key every test run is signed with (a fixed seed, so a test can pin it). */
  static NoteSigner signer(String runId) {
    return NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
  }

  static TrainingState write(Path dir, Path anchorDir, String runId, int steps, ProofBackend backend) throws Exception {
    return write(dir, anchorDir, runId, steps, backend, PARAMS);
  }

  /** A run of {@code params} parameters (the demo's default is 4,096) in two chunks. */
  static TrainingState write(Path dir, Path anchorDir, String runId, int steps, ProofBackend backend, int params) throws Exception {
    ProvenTraining training = new ProvenTraining(LinearRegressionTask.synthetic(params, 64, 16, 0.01, 3),
        ProvenRule.adam(AdamRule.of(0.01, 0.9, 0.999, 1e-8, 0.99)), backend, CHUNKS,
        SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    RunSpec spec = new RunSpec(runId, new UtcTime("2026-11-24T10:15:00Z"), Backend.STARK, training.optimizerSpec(), params, CHUNKS,
        Map.of("name", "linear-regression"));
    TrainingState state = training.initialState();
    try (RunWriter writer = RunWriter.create(dir, spec, signer(runId))) {
      for (int t = 0; t < steps; t++) {
        state = training.step(writer, state).state();
      }
      writer.finish(new FileCounterAnchor(anchorDir));
    }
    return state;
  }

  /** A prover that is honest except at {@code step}, where {@code forge} replaces its proof of chunk 0. */
  static ProofBackend forgingAt(long step, Forgery forge) {
    StarkBackend real = new StarkBackend();
    return new ProofBackend() {
      @Override
      public String id() {
        return real.id();
      }

      @Override
      public StepProof prove(StepStatement s, StepWitness w) throws VerificationException {
        return s.step() == step && s.chunkIndex() == 0 ? forge.prove(real, s, w) : real.prove(s, w);
      }

      @Override
      public void verify(byte[] proof, StepPublicInputs inputs, VerificationPolicy policy) throws VerificationException {
        real.verify(proof, inputs, policy);
      }
    };
  }

  /** How a forging prover makes the proof of its one step. */
  interface Forgery {
    StepProof prove(StarkBackend real, StepStatement s, StepWitness w) throws VerificationException;
  }

  /** A real proof with one byte in its middle flipped (the record then carries that file's digest). */
  static final Forgery FLIPPED_BYTE = (real, s, w) -> {
    StepProof p = real.prove(s, w);
    byte[] bytes = Arrays.copyOf(p.proof(), p.proof().length);
    bytes[bytes.length / 2] ^= 0x01;
    return new StepProof(p.publicInputs(), bytes);
  };

  /** A valid proof of the same update under another step number: public inputs the record does not state. */
  static final Forgery OTHER_STEP = (real, s, w) -> real.prove(s.withStep(s.step() + 5), w);
}
