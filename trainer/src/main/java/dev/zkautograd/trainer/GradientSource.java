package dev.zkautograd.trainer;

/**
 * Where a step's loss and gradient come from: the seam between a model framework and the proven
 * optimizer. The weights it is given are the ones the proven integer rule produced, so the model a
 * source trains is the model the run's proofs describe.
 */
public interface GradientSource {

  /** Number of trained parameters, flattened in the source's documented order. */
  int parameterCount();

  /** The base model's weights, in the flattened order. */
  double[] initialWeights();

  /** Loss and gradient of the batch of step {@code step} at {@code weights}. */
  Batch gradient(long step, double[] weights);

  /** One batch's loss (before the update) and the gradient of that loss. */
  record Batch(double loss, double[] gradient) {}
}
