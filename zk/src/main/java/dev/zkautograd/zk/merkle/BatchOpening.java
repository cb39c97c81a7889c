package dev.zkautograd.zk.merkle;

/**
 * The opening of several leaves of one Merkle tree: the leaves (sorted, distinct indices), each
 * with its salt and values, and the sibling nodes the verifier cannot compute itself, deduplicated,
 * in the order {@link MerkleVerifier} consumes them (level by level from the leaves, left to right).
 *
 * @param indices leaf indices, strictly increasing
 * @param salts one 32-byte salt per leaf
 * @param values per leaf, a vector of {@code width} field elements
 * @param nodes sibling digests
 */
public record BatchOpening(int[] indices, byte[][] salts, long[][] values, byte[][] nodes) {
  /** Field elements per leaf. */
  public int width() {
    return values.length == 0 ? 0 : values[0].length / 2;
  }
}
