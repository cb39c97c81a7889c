package dev.zkautograd.trainer.data;

import java.util.SplittableRandom;

/**
 * The embedded task's data, generated from seeds (docs/trainer.md, "The embedded task"): 64 features,
 * 10 classes, each class a mixture of {@value #PROTOTYPES} Gaussian blobs around prototypes fixed by
 * {@link #TASK_SEED}. The base model was pre-trained on the {@link Domain#PRETRAINING} domain; the
 * demo fine-tunes it on the {@link Domain#FINE_TUNING} domain, where every feature is rescaled and
 * shifted (recalibrated sensors, say): the same classes, a shifted input distribution, on which the
 * base model starts out worse. Which examples are drawn depends only on the data seed.
 */
public final class SyntheticClassification {
  public static final int FEATURES = 64;
  public static final int CLASSES = 10;
  /** Blobs per class. */
  public static final int PROTOTYPES = 3;
  /** Fixes the prototypes and the domain shift: the task the shipped base model learned. */
  public static final long TASK_SEED = 0x7a6b2d6175746f67L;
  /** Standard deviation of every feature around its prototype. */
  public static final double NOISE = 1.6;

  /** Which input distribution examples come from. */
  public enum Domain {
    /** The distribution the base model was trained on. */
    PRETRAINING,
    /**
     * Every feature j becomes a_j · x_j + b_j with a_j uniform in [−0.5, 1.5) and b_j standard
     * normal: some features weaken or change sign, all move.
     */
    FINE_TUNING
  }

  private SyntheticClassification() {}

  /** {@code n} examples of {@code domain}, drawn under {@code seed}. */
  public static Examples sample(Domain domain, int n, long seed) {
    SplittableRandom task = new SplittableRandom(TASK_SEED);
    double[][][] prototypes = new double[CLASSES][PROTOTYPES][FEATURES];
    for (double[][] c : prototypes) {
      for (double[] p : c) {
        for (int j = 0; j < FEATURES; j++) p[j] = task.nextGaussian();
      }
    }
    double[] scale = new double[FEATURES];
    double[] shift = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      scale[j] = domain == Domain.FINE_TUNING ? task.nextDouble(-0.5, 1.5) : 1;
      shift[j] = domain == Domain.FINE_TUNING ? task.nextGaussian() : 0;
    }
    SplittableRandom r = Shuffle.random(seed, Shuffle.Purpose.SAMPLES, domain.ordinal());
    double[] values = new double[n * FEATURES];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(CLASSES);
      double[] p = prototypes[labels[i]][r.nextInt(PROTOTYPES)];
      for (int j = 0; j < FEATURES; j++) {
        values[i * FEATURES + j] = scale[j] * (p[j] + NOISE * r.nextGaussian()) + shift[j];
      }
    }
    return new Examples(FEATURES, CLASSES, values, labels);
  }
}
