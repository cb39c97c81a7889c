package dev.zkautograd.zk;

import dev.zkautograd.core.hash.Digest;

/**
 * Everything public about one step proof: the statement and the Merkle roots of the committed
 * state before and after the step. A run verifier checks rootStateOut(t) == rootStateIn(t+1).
 *
 * @param statement optimizer, hyper-parameters, step, chunk
 * @param rootStateIn root of the state_in segment (state t)
 * @param rootStateOut root of the state_out segment (state t+1)
 */
public record StepPublicInputs(StepStatement statement, Digest rootStateIn, Digest rootStateOut) {}
