package dev.zkautograd.trainer.djl;

import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The tool that made the shipped base model (docs/trainer.md, "The embedded task"): PyTorch's
 * default initialisation of each linear layer (uniform in ±1/√fan_in, here from a fixed seed), then
 * {@value #STEPS} steps of DJL's float Adam (lr 1e-3, batches of 128) on the pre-training domain.
 * Run from the repository root after {@code mvn -pl trainer -am test-compile}:
 *
 * <pre>
 * java -cp "$(test class path)" dev.zkautograd.trainer.djl.EmbeddedBaseModelGenerator \
 *     trainer/src/main/resources/dev/zkautograd/trainer/embedded/base-mlp-64-256-128-10.zkml
 * </pre>
 *
 * <p>The file is committed; the tests check what it must do (train well on its own domain and
 * leave room for fine-tuning), not its bytes, since float training on another CPU may round
 * differently.
 */
public final class EmbeddedBaseModelGenerator {
  static final int STEPS = 800;
  static final long INIT_SEED = 20261124;

  private EmbeddedBaseModelGenerator() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    MlpArchitecture arch = EmbeddedTask.ARCHITECTURE;
    DataSplit data = DataSplit.of(EmbeddedTask.pretrainingData(), EmbeddedTask.PRETRAINING_SEED);
    double[] w = initial(arch, INIT_SEED);
    try (DjlClassifier model = DjlClassifier.open(MlpModel.ofReal(arch, w), data, 128, EmbeddedTask.PRETRAINING_SEED);
        DjlFloatAdam adam = new DjlFloatAdam(w, 1e-3, 0.9, 0.999, 1e-8, 0.99)) {
      for (int t = 0; t < STEPS; t++) {
        w = adam.step(model.gradient(t, w).gradient());
        if (t % 100 == 99) {
          System.out.println("step " + (t + 1) + ": held out " + model.evaluate(w, data.heldOut()));
        }
      }
    }
    Files.write(out, MlpModel.ofReal(arch, w).toBytes());
    System.out.println("wrote " + out);
  }

  /** PyTorch's nn.Linear initialisation: weights and biases uniform in ±1/√fan_in. */
  static double[] initial(MlpArchitecture arch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[arch.parameterCount()];
    for (MlpArchitecture.Tensor t : arch.tensors()) {
      int layer = Integer.parseInt(t.name().substring(5, t.name().indexOf('.')));
      double bound = 1 / Math.sqrt(arch.widths().get(layer - 1));
      for (int k = 0; k < t.length(); k++) w[t.offset() + k] = r.nextDouble(-bound, bound);
    }
    return w;
  }
}
