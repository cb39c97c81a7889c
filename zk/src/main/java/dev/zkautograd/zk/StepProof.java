package dev.zkautograd.zk;

/**
 * A step proof and the public inputs it proves.
 *
 * @param publicInputs statement and state roots
 * @param proof the proof bytes (docs/proof-system.md)
 */
public record StepProof(StepPublicInputs publicInputs, byte[] proof) {}
