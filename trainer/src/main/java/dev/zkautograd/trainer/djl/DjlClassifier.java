package dev.zkautograd.trainer.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.zkautograd.trainer.GradientSource;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.data.BatchSchedule;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fine-tuning an {@link MlpModel} with DJL (PyTorch engine, float64 on the CPU) as a {@link
 * GradientSource}. Each step loads the weights it is given (the proven integer state, decoded) into
 * the DJL parameters, runs forward and backward on the step's batch under a {@link
 * GradientCollector}, and returns the mean softmax cross-entropy and every parameter's gradient,
 * flattened in the {@link MlpArchitecture} order. DJL's own optimizers are never used: the update
 * applied is the proven one.
 *
 * <p>Float64 matters: a Q32 weight below 2^47 is exact in a double, so the forward pass runs at
 * exactly the weights the run commits to, and weights read back from DJL round-trip bit for bit.
 * Not thread-safe (DJL's gradient collector is global to the process).
 */
public final class DjlClassifier implements GradientSource, AutoCloseable {
  /**
   * Gradient coordinates beyond ±2^14 are saturated there before they are returned. Every clip bound
   * the rules accept is at most 256, so the clipped gradient and the update are unchanged; the
   * saturation only keeps the value inside the Q32 gradient range of the rules (|g| < 2^15).
   */
  public static final double GRADIENT_SATURATION = 0x1p14;
  /** Rows evaluated per forward pass when measuring a whole set. */
  private static final int EVALUATION_ROWS = 4096;

  private final MlpModel base;
  private final DataSplit data;
  private final BatchSchedule schedule;
  private final NDManager manager;
  private final SequentialBlock block;
  private final List<NDArray> parameters;
  private final Loss loss = Loss.softmaxCrossEntropyLoss();

  private DjlClassifier(MlpModel base, DataSplit data, BatchSchedule schedule, NDManager manager, SequentialBlock block,
      List<NDArray> parameters) {
    this.base = base;
    this.data = data;
    this.schedule = schedule;
    this.manager = manager;
    this.block = block;
    this.parameters = parameters;
  }

  /** A loss and accuracy over a set of examples. */
  public record Evaluation(double loss, double accuracy, int examples) {}

  /**
   * Builds the DJL model of {@code base} and the batch schedule over {@code data}'s training part.
   *
   * @param batchSize examples per step (at most the training part's size)
   * @param seed the data seed: with the step, it picks every batch
   */
  public static DjlClassifier open(MlpModel base, DataSplit data, int batchSize, long seed) throws TrainerException {
    MlpArchitecture arch = base.architecture();
    if (data.train().features() != arch.features() || data.train().classes() != arch.classes()) {
      throw TrainerException.of(TrainerException.Reason.MISMATCH, "the data does not fit the model")
          .expected(arch.features() + " features, " + arch.classes() + " classes")
          .actual(data.train().features() + " features, " + data.train().classes() + " classes").build();
    }
    if (batchSize < 1 || batchSize > data.train().size()) {
      throw TrainerException.of(TrainerException.Reason.BAD_FIELD, "the batch size must fit the training examples")
          .field("batch size").expected("1 to " + data.train().size()).actual(batchSize).build();
    }
    Engine engine = OfflinePyTorch.engine();
    NDManager manager = engine.newBaseManager(Device.cpu());
    try {
      SequentialBlock block = new SequentialBlock();
      for (int l = 1; l <= arch.layers(); l++) {
        block.add(Linear.builder().setUnits(arch.widths().get(l)).build());
        if (l < arch.layers()) block.add(Activation::relu);
      }
      block.initialize(manager, DataType.FLOAT64, new Shape(1, arch.features()));
      List<NDArray> parameters = new ArrayList<>();
      List<MlpArchitecture.Tensor> tensors = arch.tensors();
      List<Pair<String, Parameter>> djl = block.getParameters().stream().toList();
      if (djl.size() != tensors.size()) {
        throw new IllegalStateException("DJL built " + djl.size() + " parameters, the architecture has " + tensors.size());
      }
      for (int i = 0; i < tensors.size(); i++) {
        NDArray array = djl.get(i).getValue().getArray();
        if (!Arrays.equals(array.getShape().getShape(), tensors.get(i).shape())) {
          // The documented flattening order is DJL's parameter order; a DJL that changed it must not pass.
          throw new IllegalStateException("DJL parameter " + djl.get(i).getKey() + " has shape " + array.getShape()
              + ", the flattening order expects " + tensors.get(i).name() + " " + Arrays.toString(tensors.get(i).shape()));
        }
        parameters.add(array);
      }
      DjlClassifier c = new DjlClassifier(base, data, new BatchSchedule(data.train().size(), batchSize, seed), manager,
          block, parameters);
      c.load(base.realWeights());
      return c;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public MlpArchitecture architecture() {
    return base.architecture();
  }

  /** The examples trained on and held out. */
  public DataSplit data() {
    return data;
  }

  @Override
  public int parameterCount() {
    return base.architecture().parameterCount();
  }

  @Override
  public double[] initialWeights() {
    return base.realWeights();
  }

  /** Loss and gradient of step {@code step}'s batch, at exactly {@code weights}. */
  @Override
  public Batch gradient(long step, double[] weights) {
    load(weights);
    Examples batch = data.train().select(schedule.batch(step));
    for (NDArray p : parameters) {
      // PyTorch accumulates gradients across backward passes; each step's must stand alone.
      try (NDArray g = p.getGradient()) {
        g.subi(g);
      }
    }
    double value;
    try (NDManager scope = manager.newSubManager(); GradientCollector collector = scope.getEngine().newGradientCollector()) {
      NDArray lossArray = loss.evaluate(new NDList(labels(scope, batch)), forward(scope, batch, true));
      collector.backward(lossArray);
      value = lossArray.getDouble();
    }
    double[] gradient = new double[parameterCount()];
    int offset = 0;
    for (NDArray p : parameters) {
      double[] g;
      try (NDArray grad = p.getGradient()) {
        g = grad.toDoubleArray();
      }
      for (int k = 0; k < g.length; k++) {
        if (!Double.isFinite(g[k])) {
          throw new IllegalStateException("non-finite gradient at " + architecture().coordinate(offset + k) + " in step " + step);
        }
        gradient[offset + k] = Math.max(-GRADIENT_SATURATION, Math.min(GRADIENT_SATURATION, g[k]));
      }
      offset += g.length;
    }
    return new Batch(value, gradient);
  }

  /** Mean loss and accuracy over {@code examples} at {@code weights}. */
  public Evaluation evaluate(double[] weights, Examples examples) {
    load(weights);
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < examples.size(); from += EVALUATION_ROWS) {
      int to = Math.min(examples.size(), from + EVALUATION_ROWS);
      Examples part = examples.select(java.util.stream.IntStream.range(from, to).toArray());
      try (NDManager scope = manager.newSubManager()) {
        NDList logits = forward(scope, part, false);
        NDArray labels = labels(scope, part);
        lossSum += loss.evaluate(new NDList(labels), logits).getDouble() * part.size();
        correct += logits.singletonOrThrow().argMax(1).toType(DataType.INT64, false).eq(labels).sum().getLong();
      }
    }
    return new Evaluation(lossSum / examples.size(), (double) correct / examples.size(), examples.size());
  }

  /** Sets the DJL parameters to {@code weights}, in the flattening order. */
  public void load(double[] weights) {
    if (weights.length != parameterCount()) {
      throw new IllegalArgumentException("expected " + parameterCount() + " weights, got " + weights.length);
    }
    int offset = 0;
    for (NDArray p : parameters) {
      int n = (int) p.size();
      p.set(Arrays.copyOfRange(weights, offset, offset + n));
      offset += n;
    }
  }

  /** The DJL parameters' current values, flattened. */
  public double[] weights() {
    double[] out = new double[parameterCount()];
    int offset = 0;
    for (NDArray p : parameters) {
      double[] v = p.toDoubleArray();
      System.arraycopy(v, 0, out, offset, v.length);
      offset += v.length;
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

  private NDList forward(NDManager scope, Examples examples, boolean training) {
    NDArray x = scope.create(examples.values(), new Shape(examples.size(), examples.features()));
    return block.forward(new ParameterStore(scope, false), new NDList(x), training);
  }

  private static NDArray labels(NDManager scope, Examples examples) {
    return scope.create(Arrays.stream(examples.labels()).asLongStream().toArray());
  }
}
