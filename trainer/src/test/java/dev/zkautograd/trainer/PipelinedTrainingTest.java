package dev.zkautograd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.proving.StepProver;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.prover.RandomSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProvenTraining#run} overlaps proving with training: the gradient of step t+1 is computed
 * before the proofs of step t are back, records are still appended in order, and the run's state
 * chain holds, which shows the applied update is the proven one.
 */
class PipelinedTrainingTest {
  static final StarkBackend FAST = new StarkBackend(ProofParameters.INSECURE_TESTING, RandomSource.secure());

  @Test
  void the_next_gradient_is_computed_while_the_previous_step_is_proven(@TempDir Path dir) throws Exception {
    List<String> events = new ArrayList<>();
    LinearRegressionTask task = LinearRegressionTask.synthetic(32, 64, 16, 0.01, 5);
    GradientSource watched = new GradientSource() {
      @Override
      public int parameterCount() {
        return task.parameterCount();
      }

      @Override
      public double[] initialWeights() {
        return task.initialWeights();
      }

      @Override
      public Batch gradient(long step, double[] weights) {
        synchronized (events) {
          events.add("gradient " + step);
        }
        return task.gradient(step, weights);
      }
    };
    StepProver local = StepProver.local(FAST);
    StepProver recording = new StepProver() {
      @Override
      public CompletableFuture<ProvenStep> prove(StepJob job) {
        return local.prove(job).whenComplete((p, e) -> {
          synchronized (events) {
            events.add("proven " + job.step());
          }
        });
      }

      @Override
      public String describe() {
        return local.describe();
      }

      @Override
      public void close() {
        local.close();
      }
    };
    ProvenTraining training = new ProvenTraining(watched, ProvenRule.adam(AdamRule.of(0.01, 0.9, 0.999, 1e-8, 0.99)), recording, 2,
        SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    String runId = "run-20261124-101500";
    RunSpec spec = new RunSpec(runId, new UtcTime("2026-11-24T10:15:00Z"), Backend.STARK, training.optimizerSpec(), 32, 2,
        Map.of("name", "pipelined"));
    NoteSigner signer = NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    List<Long> appended = new ArrayList<>();
    ProvenTraining.Summary summary;
    try (RunWriter writer = RunWriter.create(dir.resolve("run"), spec, signer)) {
      summary = training.run(writer, training.initialState(), 3, r -> appended.add(r.record().step()));
      writer.finish(new FileCounterAnchor(dir.resolve("anchors")));
    }
    assertEquals(List.of(0L, 1L, 2L), appended);
    for (int t = 0; t < 2; t++) {
      assertTrue(events.indexOf("gradient " + (t + 1)) < events.indexOf("proven " + t),
          "gradient " + (t + 1) + " before the proofs of step " + t + " are back: " + events);
    }
    Run run = RunReader.read(dir.resolve("run"));
    assertEquals(3, run.steps().size());
    RecordedStepVerifier verifier = new RecordedStepVerifier(FAST, VerificationPolicy.insecureAcceptAnyParameters());
    for (var r : run.steps()) {
      for (var c : r.chunks()) verifier.verify(r, c, run.proof(r, c));
    }
    assertEquals(3, summary.steps().size());
    assertTrue(summary.wallMillis() > 0);
  }
}
