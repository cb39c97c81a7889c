package dev.zkautograd.trainer.data;

import java.util.Arrays;

/**
 * Labelled examples of a classification task: {@code size()} rows of {@code features()} real
 * values, each with a class label in [0, classes). Secret training data; immutable (arrays are
 * copied in and out).
 */
public final class Examples {
  /** Largest magnitude of a feature value (docs/trainer.md): keeps every loss and gradient finite. */
  public static final double MAX_FEATURE = 1e6;

  private final int features;
  private final int classes;
  private final double[] values;
  private final int[] labels;

  /**
   * @param values row-major, {@code labels.length * features} values
   * @throws IllegalArgumentException if the shapes disagree, a value is not finite or above
   *     {@link #MAX_FEATURE} in magnitude, or a label is outside [0, classes)
   */
  public Examples(int features, int classes, double[] values, int[] labels) {
    if (features < 1 || classes < 2 || (long) labels.length * features != values.length) {
      throw new IllegalArgumentException("need features ≥ 1, classes ≥ 2 and labels × features values");
    }
    for (double v : values) {
      if (!(Math.abs(v) <= MAX_FEATURE)) throw new IllegalArgumentException("feature value out of range: " + v);
    }
    for (int y : labels) {
      if (y < 0 || y >= classes) throw new IllegalArgumentException("label out of range: " + y);
    }
    this.features = features;
    this.classes = classes;
    this.values = values.clone();
    this.labels = labels.clone();
  }

  public int features() {
    return features;
  }

  public int classes() {
    return classes;
  }

  public int size() {
    return labels.length;
  }

  /** The rows at {@code indices}, in that order, as a new set. */
  public Examples select(int[] indices) {
    double[] v = new double[indices.length * features];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * features, v, i * features, features);
      y[i] = labels[indices[i]];
    }
    return new Examples(features, classes, v, y);
  }

  /** The feature values, row-major. */
  public double[] values() {
    return values.clone();
  }

  public int[] labels() {
    return labels.clone();
  }

  public int label(int row) {
    return labels[row];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Examples e && e.features == features && e.classes == classes && Arrays.equals(e.values, values)
        && Arrays.equals(e.labels, labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(labels) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Examples[" + size() + " × " + features + " features, " + classes + " classes, secret]";
  }
}
