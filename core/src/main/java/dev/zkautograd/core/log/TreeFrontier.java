package dev.zkautograd.core.log;

import dev.zkautograd.core.hash.Digest;
import java.util.Arrays;
import java.util.List;

/**
 * The right edge of an RFC 9162 Merkle tree (a "compact range" over all its leaves): the roots of
 * the complete subtrees that the leaves decompose into, one per set bit of the size, largest first.
 *
 * <p>It holds O(log n) hashes and is all a run writer needs to append a step's leaf and know the
 * new root, without keeping the leaves. Immutable: {@link #append} returns a new frontier.
 * {@link #root()} equals {@link MerkleTree#root()} of a tree over the same leaves.
 */
public final class TreeFrontier {
  private static final TreeFrontier EMPTY = new TreeFrontier(0, new Digest[0]);

  private final long size;
  /** Roots of the complete subtrees, left to right (largest first): one per set bit of size. */
  private final Digest[] subtrees;

  private TreeFrontier(long size, Digest[] subtrees) {
    this.size = size;
    this.subtrees = subtrees;
  }

  /** The frontier of the empty tree. */
  public static TreeFrontier empty() {
    return EMPTY;
  }

  /**
   * Restores a frontier saved with {@link #subtreeRoots()} (a writer resuming after a crash).
   *
   * @throws IllegalArgumentException if the number of hashes is not the number of set bits of
   *     {@code size}
   */
  public static TreeFrontier of(long size, List<Digest> subtreeRoots) {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    Digest[] hashes = subtreeRoots.toArray(new Digest[0]);
    if (hashes.length != Long.bitCount(size)) {
      throw new IllegalArgumentException("a tree of " + size + " leaves has "
          + Long.bitCount(size) + " complete subtrees, not " + hashes.length);
    }
    for (Digest h : hashes) {
      if (h == null) {
        throw new NullPointerException("null subtree root");
      }
    }
    return new TreeFrontier(size, hashes);
  }

  /** The frontier after appending one leaf (already {@link MerkleTree#leafHash}ed). */
  public TreeFrontier append(Digest leafHash) {
    if (leafHash == null) {
      throw new NullPointerException("leafHash");
    }
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("the tree is full");
    }
    // Each trailing one bit of size is a complete subtree of the new leaf's height: merge it in.
    int merges = Long.numberOfTrailingZeros(~size);
    int kept = subtrees.length - merges;
    Digest carry = leafHash;
    for (int i = subtrees.length - 1; i >= kept; i--) {
      carry = MerkleTree.nodeHash(subtrees[i], carry);
    }
    Digest[] next = Arrays.copyOf(subtrees, kept + 1);
    next[kept] = carry;
    return new TreeFrontier(size + 1, next);
  }

  /** The number of leaves appended so far. */
  public long size() {
    return size;
  }

  /** The RFC 9162 root of the tree: the subtree roots folded right to left. */
  public Digest root() {
    if (subtrees.length == 0) {
      return MerkleTree.emptyRoot();
    }
    Digest r = subtrees[subtrees.length - 1];
    for (int i = subtrees.length - 2; i >= 0; i--) {
      r = MerkleTree.nodeHash(subtrees[i], r);
    }
    return r;
  }

  /** The roots of the complete subtrees, largest (leftmost) first; enough to resume appending. */
  public List<Digest> subtreeRoots() {
    return List.of(subtrees);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeFrontier
        && ((TreeFrontier) o).size == size
        && Arrays.equals(((TreeFrontier) o).subtrees, subtrees);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(size) + Arrays.hashCode(subtrees);
  }

  @Override
  public String toString() {
    return "TreeFrontier[size=" + size + ", root=" + root().hex() + "]";
  }
}
