/**
 * The declared optimizer rules as integer arithmetic: the reference semantics that the trainer
 * applies and that the proof system's AIRs constrain (docs/optimizer-rules.md).
 */
package dev.zkautograd.core.optimizer;
