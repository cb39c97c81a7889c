package dev.zkautograd.cli;

import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.SgdRule;
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
import java.nio.file.Path;
import java.util.Map;

/** Writes a small finished run with real STARK proofs (default backend, ≥ 100 proven bits). */
final class ProvenRun {
  static final int PARAMS = 64;
  static final int CHUNKS = 2;

  private ProvenRun() {}

  static TrainingState write(Path dir, Path anchorDir, String runId, int steps, ProofBackend backend) throws Exception {
    return write(dir, anchorDir, runId, steps, backend, ProvenRule.sgd(SgdRule.of(0.05, 4.0)));
  }

  /** Writes the run, blinded from an all-zero master seed, and returns the state after its last step. */
  static TrainingState write(Path dir, Path anchorDir, String runId, int steps, ProofBackend backend, ProvenRule rule)
      throws Exception {
    ProvenTraining training = new ProvenTraining(LinearRegressionTask.synthetic(PARAMS, 64, 16, 0.01, 3), rule, backend,
        CHUNKS, SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    RunSpec spec = new RunSpec(runId, new UtcTime("2026-11-24T10:15:00Z"), Backend.STARK, training.optimizerSpec(), PARAMS,
        CHUNKS, Map.of("name", "linear-regression"));
    NoteSigner signer = NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    TrainingState state = training.initialState();
    try (RunWriter writer = RunWriter.create(dir, spec, signer)) {
      for (int t = 0; t < steps; t++) {
        state = training.step(writer, state).state();
      }
      writer.finish(new FileCounterAnchor(anchorDir));
    }
    return state;
  }
}
