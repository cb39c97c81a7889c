package dev.zkautograd.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.data.CsvExamples;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.djl.DjlClassifier;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.zk.backend.StarkBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short proven fine-tuning run of a user's model and data (files in the documented formats): DJL
 * computes each gradient at exactly the weights of the proven integer state, every step carries
 * real STARK proofs (two chunks), the held-out loss falls, and the run passes the full audit with
 * every proof verified.
 */
class ProvenFineTuningTest {
  static final MlpArchitecture ARCH = MlpArchitecture.of(6, 16, 3);
  static final int STEPS = 4;

  @Test
  void aProvenRunOfAUsersModelTrainsTheProvenWeightsAndVerifies(@TempDir Path tmp) throws Exception {
    Path modelFile = tmp.resolve("model.zkml");
    Path dataFile = tmp.resolve("data.csv");
    SplittableRandom r = new SplittableRandom(3);
    Files.write(modelFile, MlpModel.ofReal(ARCH, r.doubles(ARCH.parameterCount(), -0.4, 0.4).toArray()).toBytes());
    Files.writeString(dataFile, blobs(240, r));

    MlpModel base = MlpModel.read(modelFile);
    Examples all = CsvExamples.read(dataFile, ARCH.features(), ARCH.classes());
    DataSplit split = DataSplit.of(all, 1);
    ProvenRule rule = ProvenRule.adam(AdamRule.of(0.05, 0.9, 0.999, 1e-8, 0.99));
    SecretBytes seed = SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get());
    RunSpec spec = new RunSpec("run-fine", new UtcTime("2026-12-01T10:00:00Z"), Backend.STARK, rule.spec(),
        ARCH.parameterCount(), 2, Map.of("name", "mlp-" + ARCH));
    NoteSigner signer = NoteSigner.fromSeed(RunLayout.origin("run-fine"), seed);
    Path run = tmp.resolve("run-fine");

    try (DjlClassifier djl = DjlClassifier.open(base, split, 64, 1)) {
      List<double[]> asked = new ArrayList<>();
      GradientSource recorded = new GradientSource() {
        @Override
        public int parameterCount() {
          return djl.parameterCount();
        }

        @Override
        public double[] initialWeights() {
          return djl.initialWeights();
        }

        @Override
        public Batch gradient(long step, double[] weights) {
          asked.add(weights.clone());
          Batch b = djl.gradient(step, weights);
          assertArrayEquals(weights, djl.weights(), "DJL holds exactly the weights it was given");
          return b;
        }
      };
      ProvenTraining training = new ProvenTraining(recorded, rule, new StarkBackend(), 2, seed);
      TrainingState state = training.initialState();
      assertArrayEquals(base.weights(), state.weights(), "root_in(0) commits to the base model's Q32 values");
      List<long[]> states = new ArrayList<>();
      double before = djl.evaluate(base.realWeights(), split.heldOut()).loss();
      try (RunWriter writer = RunWriter.create(run, spec, signer)) {
        for (int t = 0; t < STEPS; t++) {
          states.add(state.weights());
          state = training.step(writer, state).state();
        }
        writer.finish(new FileCounterAnchor(tmp.resolve("anchors")));
      }
      for (int t = 0; t < STEPS; t++) {
        assertArrayEquals(Arrays.stream(states.get(t)).mapToDouble(FixedPoint::decode).toArray(), asked.get(t),
            "step " + t + " computed its gradient at the proven state");
      }
      double after = djl.evaluate(Arrays.stream(state.weights()).mapToDouble(FixedPoint::decode).toArray(), split.heldOut())
          .loss();
      assertTrue(after < before, "held-out loss " + before + " -> " + after);
    }

    AuditReport report = RunAudit.audit(run, AuditOptions.builder().pinnedKey(signer.verifier())
        .proofVerifier(RecordedStepVerifier.stark()).build());
    assertTrue(report.passed(), report.failures().toString());
    assertEquals(STEPS, report.steps());
  }

  /** Three Gaussian blobs in six dimensions, as CSV with a header. */
  static String blobs(int n, SplittableRandom r) {
    double[][] centres = new double[3][6];
    for (double[] c : centres) for (int j = 0; j < 6; j++) c[j] = 1.5 * r.nextGaussian();
    StringBuilder s = new StringBuilder("f1,f2,f3,f4,f5,f6,class\n");
    for (int i = 0; i < n; i++) {
      int y = r.nextInt(3);
      for (int j = 0; j < 6; j++) s.append(String.format(java.util.Locale.ROOT, "%.6f,", centres[y][j] + r.nextGaussian()));
      s.append(y).append('\n');
    }
    return s.toString();
  }
}
