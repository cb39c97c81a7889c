package dev.zkautograd.zk.prover;

/**
 * Polynomials committed together: their coefficients (for out-of-domain evaluation), their
 * evaluations on the LDE domain, and the salted Merkle tree over the LDE rows.
 */
record Committed(long[][] coefficients, int[] coefficientCounts, long[][] lde, MerkleTree tree) {}
