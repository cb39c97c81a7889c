package dev.zkautograd.trainer.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * DJL's own float Adam ({@code Optimizer.adam()}, PyTorch's fused update) over the flattened
 * weights: the reference the proven integer Adam is measured against, and the optimizer that
 * pre-trained the shipped base model. Adam is per coordinate, so one flat parameter updates exactly
 * as the model's separate tensors would.
 */
final class DjlFloatAdam implements AutoCloseable {
  private final NDManager manager;
  private final NDArray weights;
  private final Optimizer adam;

  DjlFloatAdam(double[] start, double lr, double beta1, double beta2, double eps, double clip) throws Exception {
    manager = OfflinePyTorch.engine().newBaseManager(Device.cpu());
    weights = manager.create(start);
    adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).optBeta1((float) beta1)
        .optBeta2((float) beta2).optEpsilon((float) eps).optClipGrad((float) clip).build();
  }

  /** Applies one update with this gradient and returns the new weights. */
  double[] step(double[] gradient) {
    try (NDArray g = manager.create(gradient)) {
      adam.update("weights", weights, g);
    }
    return weights.toDoubleArray();
  }

  @Override
  public void close() {
    manager.close();
  }
}
