package dev.zkautograd.core.log;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.util.List;

/**
 * MERGE: test-scope stand-in (delete on merge). The formats branch assumes these accessors and
 * {@link #verify}; adapt the two call sites in FileCounterAnchor / AnchorRequest if the real type differs.
 */
public record ConsistencyProof(long oldSize, long newSize, List<Digest> hashes) {
  public ConsistencyProof {
    hashes = List.copyOf(hashes);
  }

  /** RFC 9162 §2.1.4.2. */
  public void verify(Digest oldRoot, Digest newRoot) throws CoreException {
    if (oldSize < 1 || oldSize > newSize) throw fail("sizes out of order");
    if (oldSize == newSize) {
      if (!hashes.isEmpty() || !oldRoot.equals(newRoot)) throw fail("equal sizes, different roots");
      return;
    }
    java.util.ArrayList<Digest> c = new java.util.ArrayList<>(hashes);
    if (Long.bitCount(oldSize) == 1) c.add(0, oldRoot);
    if (c.isEmpty()) throw fail("empty proof");
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    Digest fr = c.get(0);
    Digest sr = c.get(0);
    for (int i = 1; i < c.size(); i++) {
      if (sn == 0) throw fail("proof too long");
      Digest h = c.get(i);
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleTree.nodeHash(h, fr);
        sr = MerkleTree.nodeHash(h, sr);
        if ((fn & 1) == 0) {
          while (!((fn & 1) == 1 || fn == 0)) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleTree.nodeHash(sr, h);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0 || !fr.equals(oldRoot) || !sr.equals(newRoot)) throw fail("roots do not match");
  }

  private static CoreException fail(String why) {
    return CoreException.of(CoreException.Reason.CONSISTENCY_PROOF_INVALID, why).build();
  }
}
