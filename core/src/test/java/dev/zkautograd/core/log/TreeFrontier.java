package dev.zkautograd.core.log;

import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;

/** MERGE: test-scope stand-in (delete on merge). Compact range of a growing RFC 9162 tree. */
public final class TreeFrontier {
  private final long size;
  private final List<Digest> peaks; // left to right, sizes are the set bits of size, high to low

  private TreeFrontier(long size, List<Digest> peaks) {
    this.size = size;
    this.peaks = peaks;
  }

  public static TreeFrontier empty() {
    return new TreeFrontier(0, List.of());
  }

  public TreeFrontier append(Digest leafHash) {
    List<Digest> p = new ArrayList<>(peaks);
    p.add(leafHash);
    long s = size;
    while ((s & 1) == 1) {
      Digest right = p.remove(p.size() - 1);
      Digest left = p.remove(p.size() - 1);
      p.add(MerkleTree.nodeHash(left, right));
      s >>= 1;
    }
    return new TreeFrontier(size + 1, List.copyOf(p));
  }

  public long size() {
    return size;
  }

  public Digest root() {
    if (peaks.isEmpty()) return Digest.sha256();
    Digest r = peaks.get(peaks.size() - 1);
    for (int i = peaks.size() - 2; i >= 0; i--) r = MerkleTree.nodeHash(peaks.get(i), r);
    return r;
  }
}
