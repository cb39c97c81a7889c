package dev.zkautograd.trainer;

import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.data.SyntheticClassification;
import dev.zkautograd.trainer.data.SyntheticClassification.Domain;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.io.IOException;
import java.io.InputStream;

/**
 * The demo's default task (docs/trainer.md, "The embedded task"): the base model shipped in this
 * module, an MLP 64-256-128-10 of 50,826 parameters pre-trained on {@link Domain#PRETRAINING}
 * data, fine-tuned on {@link Domain#FINE_TUNING} data generated from the data seed.
 */
public final class EmbeddedTask {
  /** The base model's class-path resource. */
  public static final String BASE_RESOURCE = "/dev/zkautograd/trainer/embedded/base-mlp-64-256-128-10.zkml";
  /** Its architecture. */
  public static final MlpArchitecture ARCHITECTURE = MlpArchitecture.of(64, 256, 128, 10);
  /** Examples of the fine-tuning set: 4,096 trained on, 1,024 held out. */
  public static final int FINE_TUNING_EXAMPLES = 5120;
  /** Examples and data seed the base model was pre-trained on (by {@code EmbeddedBaseModelGenerator}). */
  public static final int PRETRAINING_EXAMPLES = 8192;
  public static final long PRETRAINING_SEED = 1;

  private EmbeddedTask() {}

  /** The shipped base model. */
  public static MlpModel baseModel() throws TrainerException {
    MlpModel model = MlpModel.parse(baseModelBytes(), BASE_RESOURCE);
    if (!model.architecture().equals(ARCHITECTURE)) {
      throw TrainerException.of(TrainerException.Reason.MISMATCH, "the shipped base model has another architecture")
          .file(BASE_RESOURCE).expected(ARCHITECTURE).actual(model.architecture()).build();
    }
    return model;
  }

  /** The fine-tuning examples under {@code seed}. */
  public static Examples fineTuningData(long seed) {
    return SyntheticClassification.sample(Domain.FINE_TUNING, FINE_TUNING_EXAMPLES, seed);
  }

  /** The examples the base model was pre-trained on. */
  public static Examples pretrainingData() {
    return SyntheticClassification.sample(Domain.PRETRAINING, PRETRAINING_EXAMPLES, PRETRAINING_SEED);
  }

  private static byte[] baseModelBytes() throws TrainerException {
    try (InputStream in = EmbeddedTask.class.getResourceAsStream(BASE_RESOURCE)) {
      if (in == null) {
        throw TrainerException.of(TrainerException.Reason.IO, "the shipped base model is missing from the class path")
            .file(BASE_RESOURCE).build();
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw TrainerException.of(TrainerException.Reason.IO, "cannot read the shipped base model").file(BASE_RESOURCE).build(e);
    }
  }
}
