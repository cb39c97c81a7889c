package dev.zkautograd.zk.merkle;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import java.util.Arrays;

/** Checks a {@link BatchOpening} against a root (verifier-safe). */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /**
   * Verifies that the opened leaves sit at their indices under {@code root} in a tree of
   * 2^depth leaves.
   *
   * @throws VerificationException COMMITMENT_MISMATCH if not, naming the tree
   */
  public static void verify(String tree, byte[] root, int depth, BatchOpening opening)
      throws VerificationException {
    int[] idx = opening.indices().clone();
    byte[][] level = new byte[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= (1L << depth) || (i > 0 && idx[i] <= idx[i - 1])) {
        throw VerificationException.of(Reason.COMMITMENT_MISMATCH, "leaf indices of " + tree + " out of order or range");
      }
      level[i] = MerkleHash.leaf(opening.salts()[i], opening.values()[i]);
    }
    int used = 0;
    byte[][] nodes = opening.nodes();
    int count = idx.length;
    for (int d = 0; d < depth; d++) {
      int next = 0;
      for (int i = 0; i < count; i++) {
        int index = idx[i];
        byte[] left;
        byte[] right;
        if ((index & 1) == 0 && i + 1 < count && idx[i + 1] == index + 1) {
          left = level[i];
          right = level[i + 1];
          i++;
        } else {
          if (used >= nodes.length) {
            throw VerificationException.of(Reason.COMMITMENT_MISMATCH, "too few Merkle nodes for " + tree);
          }
          byte[] sibling = nodes[used++];
          left = (index & 1) == 0 ? level[i] : sibling;
          right = (index & 1) == 0 ? sibling : level[i];
        }
        idx[next] = index >>> 1;
        level[next] = MerkleHash.node(left, right);
        next++;
      }
      count = next;
    }
    if (used != nodes.length) {
      throw VerificationException.of(Reason.COMMITMENT_MISMATCH, "unused Merkle nodes in " + tree, used, nodes.length);
    }
    if (count != 1 || !Arrays.equals(level[0], root)) {
      throw VerificationException.of(Reason.COMMITMENT_MISMATCH, "opening of " + tree + " does not match its root");
    }
  }
}
