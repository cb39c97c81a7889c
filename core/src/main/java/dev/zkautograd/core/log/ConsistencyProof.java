package dev.zkautograd.core.log;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.4 consistency proof: the hashes that show the tree of the first {@code oldSize}
 * leaves is a prefix of the tree of the first {@code newSize} leaves, i.e. that the log only grew.
 *
 * <p>As in RFC 9162 and transparency-dev, proofs exist for 0 &lt; oldSize ≤ newSize; for equal
 * sizes the path is empty and the two roots must be equal. A proof from the empty tree is refused:
 * the empty tree is a prefix of every tree, so such a "proof" would accept any new root. Every
 * failure is a {@link CoreException} with reason {@link Reason#CONSISTENCY_PROOF_INVALID}.
 *
 * @param oldSize the number of leaves of the earlier tree
 * @param newSize the number of leaves of the later tree
 * @param path the RFC 9162 {@code consistency_path}
 */
public record ConsistencyProof(long oldSize, long newSize, List<Digest> path) {

  /** Copies {@code path}; null elements are refused. */
  public ConsistencyProof {
    path = List.copyOf(path);
  }

  /**
   * Checks that {@code oldRoot} (the root at {@link #oldSize}) and {@code newRoot} (at {@link
   * #newSize}) are roots of one append-only log (RFC 9162 §2.1.4.2).
   *
   * @throws CoreException with reason {@link Reason#CONSISTENCY_PROOF_INVALID}, naming the field at
   *     fault (oldSize, newSize, path, oldRoot, newRoot)
   */
  public void verify(Digest oldRoot, Digest newRoot) throws CoreException {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    if (oldSize <= 0) {
      throw invalid("a consistency proof needs an old tree of at least one leaf: the empty tree"
              + " is a prefix of every tree, so there is nothing to prove")
          .field("oldSize")
          .expected("oldSize > 0")
          .actual(oldSize)
          .build();
    }
    if (oldSize > newSize) {
      throw invalid("the old tree is larger than the new one: a log never shrinks")
          .field("newSize")
          .expected("newSize >= " + oldSize)
          .actual(newSize)
          .build();
    }
    int want = oldSize == newSize ? 0 : pathLength(oldSize, newSize);
    if (path.size() != want) {
      throw invalid("the consistency path from size " + oldSize + " to size " + newSize
              + " has the wrong number of hashes")
          .field("path")
          .expected(want + " hashes")
          .actual(path.size() + " hashes")
          .build();
    }
    if (oldSize == newSize) {
      if (!oldRoot.equals(newRoot)) {
        throw invalid("two trees of the same size have different roots")
            .field("newRoot")
            .expected(oldRoot.hex())
            .actual(newRoot.hex())
            .build();
      }
      return;
    }

    // RFC 9162 §2.1.4.2, step by step.
    List<Digest> hashes = new ArrayList<>(path.size() + 1);
    if (Long.bitCount(oldSize) == 1) {
      hashes.add(oldRoot);
    }
    hashes.addAll(path);
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Digest fr = hashes.get(0);
    Digest sr = hashes.get(0);
    for (int i = 1; i < hashes.size(); i++) {
      Digest c = hashes.get(i);
      if (sn == 0) {
        throw invalid("the consistency path is longer than the tree is high").field("path").build();
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleTree.nodeHash(c, fr);
        sr = MerkleTree.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleTree.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw invalid("the consistency path is shorter than the tree is high").field("path").build();
    }
    if (!fr.equals(oldRoot)) {
      throw invalid("the consistency proof does not lead to the old root")
          .field("oldRoot")
          .expected(oldRoot.hex())
          .actual(fr.hex())
          .build();
    }
    if (!sr.equals(newRoot)) {
      throw invalid("the consistency proof does not lead to the new root")
          .field("newRoot")
          .expected(newRoot.hex())
          .actual(sr.hex())
          .build();
    }
  }

  /**
   * The number of hashes in the consistency path for 0 &lt; oldSize &lt; newSize: the inclusion path
   * of the old tree's last leaf, less the levels inside the old tree's rightmost complete subtree,
   * plus that subtree's own hash unless the old tree is one complete subtree (its root is known).
   */
  static int pathLength(long oldSize, long newSize) {
    int inclusion = InclusionProof.pathLength(oldSize - 1, newSize);
    int shift = Long.numberOfTrailingZeros(oldSize);
    int seed = Long.bitCount(oldSize) == 1 ? 0 : 1;
    return seed + inclusion - shift;
  }

  private static CoreException.Builder invalid(String detail) {
    return CoreException.of(Reason.CONSISTENCY_PROOF_INVALID, detail);
  }
}
