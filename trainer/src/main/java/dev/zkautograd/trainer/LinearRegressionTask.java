package dev.zkautograd.trainer;

import java.util.SplittableRandom;

/**
 * Least-squares regression on a data set generated from a seed: y = X·w* + noise, trained in
 * mini-batches. Small, deterministic and free of native code: the source of the proven runs that the
 * verifier's tests build (the demo fine-tunes an MLP with {@code djl.DjlClassifier}).
 */
public final class LinearRegressionTask implements GradientSource {
  private final int features;
  private final int batchSize;
  private final double[][] x;
  private final double[] y;

  private LinearRegressionTask(int features, int batchSize, double[][] x, double[] y) {
    this.features = features;
    this.batchSize = batchSize;
    this.x = x;
    this.y = y;
  }

  /**
   * A task with {@code features} weights and {@code samples} examples drawn from {@code seed}.
   *
   * @param noise standard deviation of the label noise
   */
  public static LinearRegressionTask synthetic(int features, int samples, int batchSize, double noise, long seed) {
    if (features < 1 || samples < 1 || batchSize < 1 || batchSize > samples) {
      throw new IllegalArgumentException("need features ≥ 1 and 1 ≤ batch ≤ samples");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] teacher = new double[features];
    for (int j = 0; j < features; j++) {
      teacher[j] = random.nextDouble(-1, 1);
    }
    double[][] x = new double[samples][features];
    double[] y = new double[samples];
    for (int i = 0; i < samples; i++) {
      double dot = 0;
      for (int j = 0; j < features; j++) {
        x[i][j] = random.nextDouble(-1, 1);
        dot += x[i][j] * teacher[j];
      }
      y[i] = dot + noise * gaussian(random);
    }
    return new LinearRegressionTask(features, batchSize, x, y);
  }

  @Override
  public int parameterCount() {
    return features;
  }

  @Override
  public double[] initialWeights() {
    return new double[features];
  }

  /** Mean squared error ½·mean((x·w − y)²) over batch {@code step} (batches cycle through the data). */
  @Override
  public Batch gradient(long step, double[] weights) {
    double[] grad = new double[features];
    double loss = 0;
    int first = (int) ((step * batchSize) % x.length);
    for (int b = 0; b < batchSize; b++) {
      int i = (first + b) % x.length;
      double residual = -y[i];
      for (int j = 0; j < features; j++) {
        residual += x[i][j] * weights[j];
      }
      loss += 0.5 * residual * residual;
      for (int j = 0; j < features; j++) {
        grad[j] += residual * x[i][j];
      }
    }
    for (int j = 0; j < features; j++) {
      grad[j] /= batchSize;
    }
    return new Batch(loss / batchSize, grad);
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
