package dev.zkautograd.trainer.mlp;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron classifier: widths w0 (features), w1 ... w(L-1) (hidden), wL (classes);
 * L fully connected layers with ReLU between them and none after the last (its outputs are the
 * logits of a softmax cross-entropy loss).
 *
 * <p>The flattening order (docs/trainer.md) is defined here once: for each layer l = 1 ... L, its
 * weight matrix {@code layer<l>.weight} of shape [w(l), w(l-1)] in row-major order (one row per
 * output unit), then its bias {@code layer<l>.bias} of shape [w(l)]. It is PyTorch's {@code
 * state_dict} order for {@code nn.Sequential(nn.Linear, nn.ReLU, ...)} and DJL's parameter order
 * for the same block.
 */
public record MlpArchitecture(List<Integer> widths) {
  /** Most linear layers a model may have. */
  public static final int MAX_LAYERS = 16;
  /** Widest layer allowed (features, hidden units or classes). */
  public static final int MAX_WIDTH = 1 << 16;
  /** Most trained parameters: 2^24, a 128 MiB weights section. */
  public static final int MAX_PARAMETERS = 1 << 24;

  /** One parameter tensor of the flattened vector: [offset, offset + length). */
  public record Tensor(String name, int rows, int columns, int offset) {
    /** A bias is a vector: its shape is [rows]; a weight matrix's is [rows, columns]. */
    public boolean isBias() {
      return columns == 0;
    }

    public int length() {
      return isBias() ? rows : rows * columns;
    }

    /** The shape as PyTorch and DJL write it. */
    public long[] shape() {
      return isBias() ? new long[] {rows} : new long[] {rows, columns};
    }
  }

  /**
   * @throws IllegalArgumentException unless {@link #problem} finds none
   */
  public MlpArchitecture {
    widths = List.copyOf(widths);
    String problem = problem(widths);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The architecture with these widths, first the features and last the classes. */
  public static MlpArchitecture of(int... widths) {
    List<Integer> list = new ArrayList<>();
    for (int w : widths) list.add(w);
    return new MlpArchitecture(list);
  }

  /** What is wrong with these widths as an architecture, or null if nothing is. */
  public static String problem(List<Integer> widths) {
    if (widths.size() < 2 || widths.size() > MAX_LAYERS + 1) {
      return "an MLP has 1 to " + MAX_LAYERS + " layers, so 2 to " + (MAX_LAYERS + 1) + " widths";
    }
    for (int i = 0; i < widths.size(); i++) {
      if (widths.get(i) < 1 || widths.get(i) > MAX_WIDTH) {
        return "width " + i + " is " + widths.get(i) + ", not 1 to " + MAX_WIDTH;
      }
    }
    if (widths.get(widths.size() - 1) < 2) {
      return "a classifier has at least 2 classes";
    }
    if (count(widths) > MAX_PARAMETERS) {
      return "the widths give " + count(widths) + " parameters, more than 2^24";
    }
    return null;
  }

  /** Linear layers L. */
  public int layers() {
    return widths.size() - 1;
  }

  public int features() {
    return widths.get(0);
  }

  public int classes() {
    return widths.get(widths.size() - 1);
  }

  /** Trained parameters: every weight and bias. */
  public int parameterCount() {
    return (int) count(widths);
  }

  /** Every parameter tensor in the flattening order. */
  public List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>();
    int offset = 0;
    for (int l = 1; l <= layers(); l++) {
      Tensor weight = new Tensor("layer" + l + ".weight", widths.get(l), widths.get(l - 1), offset);
      offset += weight.length();
      Tensor bias = new Tensor("layer" + l + ".bias", widths.get(l), 0, offset);
      offset += bias.length();
      out.add(weight);
      out.add(bias);
    }
    return out;
  }

  /** The name of flattened coordinate {@code i}, as in {@code layer2.weight[3,17]}, for messages. */
  public String coordinate(int i) {
    for (Tensor t : tensors()) {
      if (i >= t.offset() && i < t.offset() + t.length()) {
        int k = i - t.offset();
        return t.name() + (t.isBias() ? "[" + k + "]" : "[" + k / t.columns() + "," + k % t.columns() + "]");
      }
    }
    throw new IndexOutOfBoundsException(i);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int w : widths) s.append(s.length() == 0 ? "" : "-").append(w);
    return s.toString();
  }

  private static long count(List<Integer> widths) {
    long n = 0;
    for (int l = 1; l < widths.size(); l++) {
      n += (long) widths.get(l) * widths.get(l - 1) + widths.get(l);
    }
    return n;
  }
}
