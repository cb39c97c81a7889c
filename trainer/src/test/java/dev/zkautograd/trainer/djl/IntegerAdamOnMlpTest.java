package dev.zkautograd.trainer.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The precision claim of docs/optimizer-rules.md on the real model: fine-tuning the shipped MLP from
 * the same start on the same batches, the integer Adam the proofs are about (Q32 gradients, {@code
 * AdamRule}, exactly what {@code ProvenTraining} applies) and DJL's own float Adam end with training
 * losses within 3 % of each other. Both clip each gradient coordinate to the same bound, since
 * clipping is part of the declared rule.
 */
class IntegerAdamOnMlpTest {
  static final double LR = 0.002;
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;
  static final double CLIP = 0.99;
  static final int STEPS = 40;

  @Test
  void integerAdamEndsWithinThreePercentOfDjlFloatAdam() throws Exception {
    MlpModel base = EmbeddedTask.baseModel();
    DataSplit data = DataSplit.of(EmbeddedTask.fineTuningData(7), 7);
    try (DjlClassifier model = DjlClassifier.open(base, data, 256, 7);
        DjlFloatAdam floatAdam = new DjlFloatAdam(base.realWeights(), LR, BETA1, BETA2, EPS, CLIP)) {
      double initial = model.evaluate(base.realWeights(), data.train()).loss();

      double[] w = base.realWeights();
      for (int t = 0; t < STEPS; t++) {
        w = floatAdam.step(model.gradient(t, w).gradient());
      }
      double floatLoss = model.evaluate(w, data.train()).loss();

      AdamRule rule = AdamRule.of(LR, BETA1, BETA2, EPS, CLIP);
      AdamState state = AdamState.initial(base.weights());
      for (int t = 0; t < STEPS; t++) {
        double[] real = Arrays.stream(state.weights()).mapToDouble(FixedPoint::decode).toArray();
        long[] g = Arrays.stream(model.gradient(t, real).gradient()).mapToLong(FixedPoint::encode).toArray();
        state = rule.apply(state, g, t);
      }
      double integerLoss = model.evaluate(Arrays.stream(state.weights()).mapToDouble(FixedPoint::decode).toArray(),
          data.train()).loss();

      String figures = String.format("training loss: base %.9f, DJL float Adam %.9f, integer Adam %.9f (relative difference %.2e)",
          initial, floatLoss, integerLoss, Math.abs(integerLoss - floatLoss) / floatLoss);
      System.out.println("IntegerAdamOnMlpTest: " + figures);
      assertTrue(floatLoss < 0.6 * initial, "fine-tuning works at all: " + figures);
      assertTrue(Math.abs(integerLoss - floatLoss) <= 0.03 * floatLoss, figures);
    }
  }
}
