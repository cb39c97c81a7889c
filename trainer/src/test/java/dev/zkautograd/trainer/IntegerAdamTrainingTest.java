package dev.zkautograd.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.FixedPoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The integer Adam the proofs are about trains as well as float Adam: from the same start, on the
 * same batches, the final losses are within 3 % (docs/optimizer-rules.md). Both clip each gradient
 * coordinate to the same bound, since clipping is part of the declared rule.
 */
class IntegerAdamTrainingTest {
  static final double LR = 0.01;
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;
  static final double CLIP = 0.99;
  static final int STEPS = 150;

  @Test
  void integerAdamEndsWithinThreePercentOfFloatAdam() throws Exception {
    LinearRegressionTask task = LinearRegressionTask.synthetic(256, 1024, 64, 0.05, 11);
    double initial = fullLoss(task, task.initialWeights());

    double[] w = task.initialWeights();
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    for (int t = 0; t < STEPS; t++) {
      double[] g = task.gradient(t, w).gradient();
      double bc1 = 1 - Math.pow(BETA1, t + 1);
      double bc2 = 1 - Math.pow(BETA2, t + 1);
      for (int i = 0; i < w.length; i++) {
        double c = Math.max(-CLIP, Math.min(CLIP, g[i]));
        m[i] = BETA1 * m[i] + (1 - BETA1) * c;
        v[i] = BETA2 * v[i] + (1 - BETA2) * c * c;
        w[i] -= LR / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + EPS);
      }
    }
    double floatLoss = fullLoss(task, w);

    AdamRule rule = AdamRule.of(LR, BETA1, BETA2, EPS, CLIP);
    AdamState state = AdamState.initial(Arrays.stream(task.initialWeights()).mapToLong(FixedPoint::encode).toArray());
    for (int t = 0; t < STEPS; t++) {
      double[] real = Arrays.stream(state.weights()).mapToDouble(FixedPoint::decode).toArray();
      long[] g = Arrays.stream(task.gradient(t, real).gradient()).mapToLong(FixedPoint::encode).toArray();
      state = rule.apply(state, g, t);
    }
    double integerLoss = fullLoss(task, Arrays.stream(state.weights()).mapToDouble(FixedPoint::decode).toArray());

    String figures = "initial " + initial + ", float Adam " + floatLoss + ", integer Adam " + integerLoss;
    assertTrue(floatLoss < initial / 4, "the task trains at all: " + figures);
    assertTrue(Math.abs(integerLoss - floatLoss) <= 0.03 * floatLoss, figures);
    System.out.println("IntegerAdamTrainingTest: " + figures);
  }

  /** Mean loss over every batch of the data set. */
  private static double fullLoss(LinearRegressionTask task, double[] w) {
    double sum = 0;
    int batches = 1024 / 64;
    for (int b = 0; b < batches; b++) {
      sum += task.gradient(b, w).loss();
    }
    return sum / batches;
  }
}
