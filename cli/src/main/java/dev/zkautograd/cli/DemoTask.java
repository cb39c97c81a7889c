package dev.zkautograd.cli;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.GradientSource;
import dev.zkautograd.trainer.LinearRegressionTask;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.djl.DjlClassifier;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo trains: the DJL fine-tuning of an MLP (the default: the shipped base model, or
 * {@code --model}/{@code --data}), or, with {@code --params N}, a generated linear-regression task of N
 * parameters — the size the EZKL circuits and the on-chain verifier are made for.
 */
sealed interface DemoTask extends AutoCloseable permits DemoTask.Mlp, DemoTask.Linear {

  /** The gradients the proven rule is applied to. */
  GradientSource source();

  /** One line naming what is trained, on what. */
  String describe();

  /** The run declaration's {@code model} entry: what was trained, from which base, on what. */
  Map<String, String> declaration();

  /** Prints what the model does on held-out data before training (nothing where there is none). */
  void before(PrintWriter o);

  /** Prints what the trained weights (Q32 fixed point) do on held-out data. */
  void after(PrintWriter o, long[] weights);

  @Override
  void close();

  default int params() {
    return source().parameterCount();
  }

  /** The MLP fine-tuned through DJL, with its held-out evaluation before training. */
  record Mlp(DjlClassifier source, DataSplit split, DjlClassifier.Evaluation base, String describe, Map<String, String> declaration)
      implements DemoTask {

    static Mlp open(MlpModel model, Path modelFile, DataSplit split, int batchSize, long seed, Path dataFile, byte[] dataBytes)
        throws TrainerException {
      DjlClassifier classifier = DjlClassifier.open(model, split, batchSize, seed);
      Map<String, String> m = new TreeMap<>();
      m.put("name", "mlp-" + model.architecture());
      m.put("base_sha256", Digest.sha256(model.toBytes()).hex());
      m.put("base", modelFile == null
          ? "shipped " + EmbeddedTask.BASE_RESOURCE.substring(EmbeddedTask.BASE_RESOURCE.lastIndexOf('/') + 1)
          : modelFile.getFileName().toString());
      m.put("data", dataFile == null ? "generated fine-tuning set, seed " + seed
          : dataFile.getFileName() + ", sha256 " + Digest.sha256(dataBytes).hex());
      m.put("trainer", "DJL PyTorch engine, float64 forward and backward; the proven integer rule applies every update");
      String what = String.format("fine-tuning MLP %s (%,d parameters, %s) with DJL on %,d examples (%s), batches of %d",
          model.architecture(), model.architecture().parameterCount(), modelFile == null ? "the shipped base model" : modelFile,
          split.train().size(), dataFile == null ? "generated, seed " + seed : dataFile, batchSize);
      return new Mlp(classifier, split, classifier.evaluate(model.realWeights(), split.heldOut()), what, Map.copyOf(m));
    }

    @Override
    public void before(PrintWriter o) {
      o.printf("held out (%,d examples), base model: loss %.4f, accuracy %.1f%%%n", base.examples(), base.loss(), 100 * base.accuracy());
    }

    @Override
    public void after(PrintWriter o, long[] weights) {
      DjlClassifier.Evaluation after = source.evaluate(Arrays.stream(weights).mapToDouble(FixedPoint::decode).toArray(), split.heldOut());
      o.printf("held out, fine-tuned model: loss %.4f, accuracy %.1f%% (base model: %.4f, %.1f%%)%n", after.loss(),
          100 * after.accuracy(), base.loss(), 100 * base.accuracy());
    }

    @Override
    public void close() {
      source.close();
    }
  }

  /** The generated least-squares task: no held-out split, the batch loss is the measure. */
  record Linear(LinearRegressionTask source, long seed) implements DemoTask {

    static Linear of(int params, long seed) {
      return new Linear(LinearRegressionTask.synthetic(params, 4 * 256, 256, 0.05, seed), seed);
    }

    @Override
    public String describe() {
      return String.format("a generated linear-regression task (%,d parameters, seed %d), batches of 256", params(), seed);
    }

    @Override
    public Map<String, String> declaration() {
      return Map.of("name", "linear-regression", "task", "synthetic least squares, seed " + seed,
          "trainer", "built-in generated task (--params), sized for EZKL's and the on-chain verifier's circuits");
    }

    @Override
    public void before(PrintWriter o) {}

    @Override
    public void after(PrintWriter o, long[] weights) {}

    @Override
    public void close() {}
  }
}
