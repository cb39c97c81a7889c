package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.ConsistencyProof;
import java.util.Objects;

/**
 * Asks an {@link Anchor} to store a tree head of a run.
 *
 * @param consistency RFC 9162 consistency proof from the tree the anchor last stored for this run to
 *     this one; null when the anchor has stored nothing for the run yet, or stored this very size
 */
public record AnchorRequest(String runId, long treeSize, Digest root, ConsistencyProof consistency) {
  public AnchorRequest {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(root);
    if (treeSize < 0) throw new IllegalArgumentException("negative tree size");
  }

  /**
   * The rule every {@link Anchor} applies before it stores this head over {@code last} (the receipt
   * it holds for the run, or null): the tree does not shrink, an equal size has an equal root, and a
   * larger tree comes with an RFC 9162 consistency proof from exactly the last size to this one that
   * connects the two roots. The first head, or any head over an empty tree, takes no proof.
   *
   * @throws CoreException ANCHOR_REJECTED, with expected and actual values, when the rule does not hold
   */
  public void requireExtends(AnchorReceipt last) throws CoreException {
    if (last == null || (last.treeSize() == 0 && treeSize > 0)) { // every tree extends the empty one
      if (consistency != null) {
        throw rejected("no proof is taken from an empty or absent earlier tree", "no proof", "a proof");
      }
      return;
    }
    if (treeSize < last.treeSize()) {
      throw rejected("the tree is smaller than the one last anchored", "size >= " + last.treeSize(), treeSize);
    }
    if (treeSize == last.treeSize()) {
      if (!root.equals(last.root())) {
        throw rejected("same tree size as the last anchor but a different root", last.root(), root);
      }
      return;
    }
    if (consistency == null) {
      throw rejected("a consistency proof from the last anchored tree is required", "proof from size " + last.treeSize(), "none");
    }
    if (consistency.oldSize() != last.treeSize() || consistency.newSize() != treeSize) {
      throw rejected("the consistency proof is for other tree sizes", last.treeSize() + " -> " + treeSize,
          consistency.oldSize() + " -> " + consistency.newSize());
    }
    try {
      consistency.verify(last.root(), root);
    } catch (CoreException e) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the tree does not extend the last anchored one: " + e.getMessage())
          .field("consistency").build(e);
    }
  }

  private static CoreException rejected(String why, Object expected, Object actual) {
    return CoreException.of(Reason.ANCHOR_REJECTED, why).expected(expected).actual(actual).build();
  }
}
