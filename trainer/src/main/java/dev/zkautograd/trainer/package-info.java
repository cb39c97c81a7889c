/**
 * Training with a proof per optimizer step: a {@link dev.zkautograd.trainer.GradientSource}
 * supplies each step's loss and gradient, {@link dev.zkautograd.trainer.ProvenTraining} quantises
 * it, proves the integer update, appends the step to the run and applies exactly the update it
 * proved. {@link dev.zkautograd.trainer.djl.DjlClassifier} is the DJL source that fine-tunes an
 * MLP ({@code mlp}: the model file and the flattening order; {@code data}: the data file, split and
 * batches; {@link dev.zkautograd.trainer.EmbeddedTask}: the shipped base model and its generated
 * data); {@link dev.zkautograd.trainer.LinearRegressionTask} is a small source free of native code
 * that the verifier's tests use. docs/trainer.md describes it all.
 */
package dev.zkautograd.trainer;
