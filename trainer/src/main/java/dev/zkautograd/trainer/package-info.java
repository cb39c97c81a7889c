/**
 * Training with a proof per optimizer step: a {@link dev.zkautograd.trainer.GradientSource}
 * supplies each step's loss and gradient, {@link dev.zkautograd.trainer.ProvenTraining} quantises
 * it, proves the integer update, appends the step to the run and applies exactly the update it
 * proved. The DJL fine-tuning source arrives with issue 6; {@link
 * dev.zkautograd.trainer.LinearRegressionTask} is the self-contained source the demo uses until then.
 */
package dev.zkautograd.trainer;
