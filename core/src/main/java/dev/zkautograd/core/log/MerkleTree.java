package dev.zkautograd.core.log;

import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An RFC 9162 §2.1 Merkle tree over a fixed list of leaf hashes: the transparency log of a run,
 * one leaf per step.
 *
 * <p>Leaves and interior nodes are domain-separated as the RFC requires ({@link #leafHash} prefixes
 * {@code 0x00}, {@link #nodeHash} prefixes {@code 0x01}), so a leaf can never be passed off as a
 * node. The tree keeps the hash of every complete, aligned subtree, which makes the root of any
 * prefix and any proof cost O(log² n) hashes instead of rehashing the leaves.
 *
 * <p>Instances are immutable. Proof generation takes trusted arguments (our own tree sizes) and
 * throws {@link IllegalArgumentException} on impossible ones; proof <em>verification</em>, which
 * sees untrusted input, lives in {@link InclusionProof#verify} and {@link ConsistencyProof#verify}.
 */
public final class MerkleTree {
  private static final byte[] LEAF_PREFIX = {0x00};
  private static final byte[] NODE_PREFIX = {0x01};
  private static final Digest EMPTY_ROOT = Digest.sha256();

  /** levels[h][i] is the hash of the complete subtree of leaves [i·2^h, (i+1)·2^h). */
  private final Digest[][] levels;
  private final long size;

  private MerkleTree(Digest[][] levels, long size) {
    this.levels = levels;
    this.size = size;
  }

  /** RFC 9162 leaf hash: SHA-256(0x00 || data). */
  public static Digest leafHash(byte[] leafData) {
    return Digest.sha256(LEAF_PREFIX, leafData);
  }

  /** RFC 9162 interior node hash: SHA-256(0x01 || left || right). */
  public static Digest nodeHash(Digest left, Digest right) {
    return Digest.sha256(NODE_PREFIX, left.bytes(), right.bytes());
  }

  /** The root of the empty tree: SHA-256 of the empty string. */
  public static Digest emptyRoot() {
    return EMPTY_ROOT;
  }

  /** A tree whose leaves have the given hashes (already {@link #leafHash}ed), in order. */
  public static MerkleTree ofLeafHashes(List<Digest> leafHashes) {
    Digest[] leaves = leafHashes.toArray(new Digest[0]);
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i] == null) {
        throw new NullPointerException("leaf hash " + i + " is null");
      }
    }
    List<Digest[]> levels = new ArrayList<>();
    levels.add(leaves);
    Digest[] below = leaves;
    while (below.length >= 2) {
      Digest[] level = new Digest[below.length / 2];
      for (int i = 0; i < level.length; i++) {
        level[i] = nodeHash(below[2 * i], below[2 * i + 1]);
      }
      levels.add(level);
      below = level;
    }
    return new MerkleTree(levels.toArray(new Digest[0][]), leaves.length);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /** The hash of leaf {@code index}. */
  public Digest leafHashAt(long index) {
    checkRange("leaf index", index, 0, size - 1);
    return levels[0][(int) index];
  }

  /** The tree head of the whole tree. */
  public Digest root() {
    return root(size);
  }

  /** The root of the tree formed by the first {@code size} leaves (RFC 9162 MTH(D[0:size])). */
  public Digest root(long size) {
    checkRange("tree size", size, 0, this.size);
    return size == 0 ? EMPTY_ROOT : subtreeHash(0, size);
  }

  /**
   * The RFC 9162 §2.1.3.1 inclusion proof PATH(index, D[0:treeSize]) of leaf {@code index} in the
   * tree of the first {@code treeSize} leaves.
   */
  public InclusionProof inclusionProof(long index, long treeSize) {
    checkRange("tree size", treeSize, 1, size);
    checkRange("leaf index", index, 0, treeSize - 1);
    List<Digest> path = new ArrayList<>();
    appendPath(index, 0, treeSize, path);
    return new InclusionProof(index, treeSize, path);
  }

  /**
   * The RFC 9162 §2.1.4.1 consistency proof PROOF(oldSize, D[0:newSize]) that the tree of the first
   * {@code oldSize} leaves is a prefix of the tree of the first {@code newSize}. Equal sizes give
   * the empty proof; an old size of 0 is refused, as in RFC 9162, because the empty tree is a
   * prefix of every tree and there is nothing to prove.
   */
  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    checkRange("new tree size", newSize, 1, size);
    checkRange("old tree size", oldSize, 1, newSize);
    List<Digest> path = new ArrayList<>();
    if (oldSize < newSize) {
      appendSubproof(oldSize, 0, newSize, true, path);
    }
    return new ConsistencyProof(oldSize, newSize, path);
  }

  /** PATH(m, D[start:end]) with m an absolute index; deepest sibling first, as in the RFC. */
  private void appendPath(long m, long start, long end, List<Digest> out) {
    if (end - start == 1) {
      return;
    }
    long k = splitPoint(end - start);
    if (m < start + k) {
      appendPath(m, start, start + k, out);
      out.add(subtreeHash(start + k, end));
    } else {
      appendPath(m, start + k, end, out);
      out.add(subtreeHash(start, start + k));
    }
  }

  /** SUBPROOF(m, D[start:end], b) with m counted from {@code start}. */
  private void appendSubproof(long m, long start, long end, boolean wholeOldTree, List<Digest> out) {
    long n = end - start;
    if (m == n) {
      if (!wholeOldTree) {
        out.add(subtreeHash(start, end));
      }
      return;
    }
    long k = splitPoint(n);
    if (m <= k) {
      appendSubproof(m, start, start + k, wholeOldTree, out);
      out.add(subtreeHash(start + k, end));
    } else {
      appendSubproof(m - k, start + k, end, false, out);
      out.add(subtreeHash(start, start + k));
    }
  }

  /** MTH(D[start:end]) for 0 ≤ start < end ≤ size, using stored complete subtrees. */
  private Digest subtreeHash(long start, long end) {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      int height = Long.numberOfTrailingZeros(n);
      return levels[height][(int) (start >>> height)];
    }
    long k = splitPoint(n);
    return nodeHash(subtreeHash(start, start + k), subtreeHash(start + k, end));
  }

  /** The largest power of two strictly smaller than {@code n} (n ≥ 2): RFC 9162's k. */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void checkRange(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " " + value + " is outside [" + min + ", " + max + "]");
    }
  }

  /** The leaf hashes, in order (a read-only view). */
  public List<Digest> leafHashes() {
    return Collections.unmodifiableList(Arrays.asList(levels[0]));
  }
}
