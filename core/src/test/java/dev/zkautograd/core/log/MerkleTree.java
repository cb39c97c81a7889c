package dev.zkautograd.core.log;

import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * MERGE: test-scope stand-in for the tlog branch's class of the same name (delete on merge). Only the
 * part of the agreed API that the formats branch uses; RFC 9162 §2.1.
 */
public final class MerkleTree {
  private final List<Digest> leaves;

  private MerkleTree(List<Digest> leaves) {
    this.leaves = List.copyOf(leaves);
  }

  public static Digest leafHash(byte[] data) {
    return Digest.sha256(new byte[] {0}, data);
  }

  static Digest nodeHash(Digest left, Digest right) {
    return Digest.sha256(new byte[] {1}, left.bytes(), right.bytes());
  }

  public static MerkleTree ofLeafHashes(List<Digest> leafHashes) {
    return new MerkleTree(leafHashes);
  }

  public Digest root() {
    return mth(0, leaves.size());
  }

  public long size() {
    return leaves.size();
  }

  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    if (oldSize <= 0 || oldSize > newSize || newSize > leaves.size()) {
      throw new IllegalArgumentException("bad sizes " + oldSize + " " + newSize);
    }
    List<Digest> out = new ArrayList<>();
    subproof((int) oldSize, 0, (int) newSize, true, out);
    return new ConsistencyProof(oldSize, newSize, out);
  }

  private void subproof(int m, int from, int to, boolean whole, List<Digest> out) {
    int n = to - from;
    if (m == n) {
      if (!whole) out.add(mth(from, to));
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, from, from + k, whole, out);
      out.add(mth(from + k, to));
    } else {
      subproof(m - k, from + k, to, false, out);
      out.add(mth(from, from + k));
    }
  }

  private Digest mth(int from, int to) {
    int n = to - from;
    if (n == 0) return Digest.sha256();
    if (n == 1) return leaves.get(from);
    int k = largestPowerOfTwoBelow(n);
    return nodeHash(mth(from, from + k), mth(from + k, to));
  }

  static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) k <<= 1;
    return k;
  }
}
