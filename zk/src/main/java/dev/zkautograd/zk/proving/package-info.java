/**
 * Proving whole steps asynchronously ({@link dev.zkautograd.zk.proving.StepProver}): the seam between
 * the trainer and wherever proofs are made. Uses threads and futures, so it is kept out of the
 * TeaVM-safe verifier packages.
 */
package dev.zkautograd.zk.proving;
