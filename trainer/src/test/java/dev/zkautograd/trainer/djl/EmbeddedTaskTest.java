package dev.zkautograd.trainer.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.mlp.MlpModel;
import org.junit.jupiter.api.Test;

/**
 * The shipped base model is what docs/trainer.md says: an MLP 64-256-128-10 of at least 50,000
 * parameters, trained (it classifies its own pre-training domain well), with room for the demo's
 * fine-tuning (the shifted domain is where it does badly).
 */
class EmbeddedTaskTest {

  @Test
  void theShippedBaseModelIsTrainedOnItsDomainAndWorseOnTheFineTuningDomain() throws Exception {
    MlpModel base = EmbeddedTask.baseModel();
    assertEquals(50_826, base.architecture().parameterCount());
    assertTrue(base.architecture().parameterCount() >= 50_000);
    DataSplit pre = DataSplit.of(EmbeddedTask.pretrainingData(), EmbeddedTask.PRETRAINING_SEED);
    DataSplit fine = DataSplit.of(EmbeddedTask.fineTuningData(7), 7);
    try (DjlClassifier c = DjlClassifier.open(base, fine, 256, 7)) {
      DjlClassifier.Evaluation own = c.evaluate(base.realWeights(), pre.heldOut());
      DjlClassifier.Evaluation shifted = c.evaluate(base.realWeights(), fine.heldOut());
      assertTrue(own.accuracy() >= 0.9, "pre-training domain: " + own);
      assertTrue(shifted.accuracy() <= 0.75 && shifted.loss() > 3 * own.loss(), "fine-tuning domain: " + shifted);
    }
  }
}
