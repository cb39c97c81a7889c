package dev.zkautograd.core.log;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path that leads from the hash of leaf {@code index}
 * to the root of the tree of the first {@code treeSize} leaves.
 *
 * <p>A proof read from untrusted input may hold any values; {@link #verify} checks its shape
 * (index within the tree, exact path length) before hashing, and reports every failure as a
 * {@link CoreException} with reason {@link Reason#INCLUSION_PROOF_INVALID}.
 *
 * @param index the leaf's zero-based position
 * @param treeSize the number of leaves of the tree whose root the proof leads to
 * @param path the sibling hashes from the leaf's level upwards (RFC 9162 {@code inclusion_path})
 */
public record InclusionProof(long index, long treeSize, List<Digest> path) {

  /** Copies {@code path}; null elements are refused. */
  public InclusionProof {
    path = List.copyOf(path);
  }

  /**
   * Checks that {@code leafHash} is the hash of leaf {@link #index} of the tree with root
   * {@code root} (RFC 9162 §2.1.3.2).
   *
   * @throws CoreException with reason {@link Reason#INCLUSION_PROOF_INVALID}, naming the field at
   *     fault (index, treeSize, path) or, when the path leads elsewhere, the expected and the
   *     computed root
   */
  public void verify(Digest leafHash, Digest root) throws CoreException {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(root, "root");
    Digest computed = rootFrom(leafHash);
    if (!computed.equals(root)) {
      throw invalid("the inclusion proof of leaf " + index + " leads to a different root")
          .field("root")
          .expected(root.hex())
          .actual(computed.hex())
          .build();
    }
  }

  /**
   * The root that this proof leads to from {@code leafHash}, after checking the proof's shape;
   * useful when the root is not known yet (it must then be checked against a signed checkpoint).
   */
  public Digest rootFrom(Digest leafHash) throws CoreException {
    if (treeSize <= 0) {
      throw invalid("an inclusion proof needs a tree of at least one leaf")
          .field("treeSize")
          .expected("treeSize > 0")
          .actual(treeSize)
          .build();
    }
    if (index < 0 || index >= treeSize) {
      throw invalid("the leaf index is outside the tree")
          .field("index")
          .expected("0 <= index < " + treeSize)
          .actual(index)
          .build();
    }
    int want = pathLength(index, treeSize);
    if (path.size() != want) {
      throw invalid("the inclusion path of leaf " + index + " in a tree of " + treeSize
              + " has the wrong number of hashes")
          .field("path")
          .expected(want + " hashes")
          .actual(path.size() + " hashes")
          .build();
    }
    // RFC 9162 §2.1.3.2, step by step.
    long fn = index;
    long sn = treeSize - 1;
    Digest r = leafHash;
    for (Digest p : path) {
      if (sn == 0) {
        throw invalid("the inclusion path is longer than the tree is high").field("path").build();
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = MerkleTree.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw invalid("the inclusion path is shorter than the tree is high").field("path").build();
    }
    return r;
  }

  /**
   * The number of hashes in the inclusion path of leaf {@code index} in a tree of {@code treeSize}
   * leaves: one per level below the point where the leaf's path and the last leaf's path join, plus
   * one per complete left subtree above it.
   */
  static int pathLength(long index, long treeSize) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  private static CoreException.Builder invalid(String detail) {
    return CoreException.of(Reason.INCLUSION_PROOF_INVALID, detail);
  }
}
