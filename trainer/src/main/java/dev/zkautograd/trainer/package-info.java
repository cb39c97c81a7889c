/**
 * DJL fine-tuning loop that captures weights, gradients and optimizer state each step and applies the proven integer update (issue 6).
 */
package dev.zkautograd.trainer;
