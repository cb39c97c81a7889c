package dev.zkautograd.core.log;

import static dev.zkautograd.core.log.SeededCases.otherThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the RFC 9162 tree for sizes up to 300, over seeded random cases ({@link
 * SeededCases}): honest proofs always verify, tampered ones never do, and the frontier agrees with
 * the tree.
 */
class MerklePropertiesTest {
  /** A tree with {@code n} distinct leaves, varied by {@code salt}. */
  static MerkleTree tree(int n, long salt) {
    List<Digest> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleTree.leafHash(ByteBuffer.allocate(12).putLong(salt).putInt(i).array()));
    }
    return MerkleTree.ofLeafHashes(leaves);
  }

  @Test
  void everyInclusionProofVerifies() {
    SeededCases.check("everyInclusionProofVerifies", 150, random -> {
      int n = 1 + random.nextInt(300);
      MerkleTree t = tree(n, random.nextLong());
      for (int size : new int[] {n, 1 + random.nextInt(n)}) {
        Digest root = t.root(size);
        for (int i = 0; i < size; i++) {
          InclusionProof p = t.inclusionProof(i, size);
          assertEquals(InclusionProof.pathLength(i, size), p.path().size());
          p.verify(t.leafHashAt(i), root);
        }
      }
    });
  }

  @Test
  void everyConsistencyProofVerifies() {
    SeededCases.check("everyConsistencyProofVerifies", 150, random -> {
      int n = 1 + random.nextInt(300);
      MerkleTree t = tree(n, random.nextLong());
      for (int m = 1; m <= n; m++) {
        t.consistencyProof(m, n).verify(t.root(m), t.root(n));
      }
    });
  }

  @Test
  void frontierRootIsTreeRoot() {
    SeededCases.check("frontierRootIsTreeRoot", 300, random -> {
      int n = random.nextInt(301);
      MerkleTree t = tree(n, random.nextLong());
      TreeFrontier f = TreeFrontier.empty();
      for (int i = 0; i < n; i++) {
        assertEquals(t.root(i), f.root());
        f = f.append(t.leafHashAt(i));
      }
      assertEquals(n, f.size());
      assertEquals(t.root(), f.root());
      assertEquals(f, TreeFrontier.of(f.size(), f.subtreeRoots()));
    });
  }

  enum Tamper { FLIP_BIT, INDEX_OR_OLD_SIZE, SIZE_OR_NEW_SIZE, OLD_ROOT_OR_LEAF, ROOT, DROP, ADD, SWAP }

  /**
   * Any change to an honest inclusion proof is refused with INCLUSION_PROOF_INVALID. A changed
   * index or size is checked against the root the verifier would hold for that size; it may only
   * pass if it happens to be the honest proof for the new claim.
   */
  @Test
  void tamperedInclusionProofIsRejected() {
    SeededCases.check("tamperedInclusionProofIsRejected", 3000, random -> {
      int n = 1 + random.nextInt(300);
      MerkleTree t = tree(n + 4, random.nextLong());
      int size = 1 + random.nextInt(n);
      int index = random.nextInt(size);
      List<Digest> path = new ArrayList<>(t.inclusionProof(index, size).path());
      Digest leaf = t.leafHashAt(index);
      Digest root = t.root(size);
      long claimedIndex = index;
      long claimedSize = size;
      Tamper tamper = Tamper.values()[random.nextInt(Tamper.values().length)];
      switch (tamper) {
        case INDEX_OR_OLD_SIZE:
          claimedIndex = otherThan(index, -2, size + 2, random);
          break;
        case SIZE_OR_NEW_SIZE:
          claimedSize = otherThan(size, -1, n + 4, random);
          root = claimedSize >= 0 ? t.root(claimedSize) : root;
          break;
        case OLD_ROOT_OR_LEAF:
          leaf = random.nextBoolean() ? LogVectorGenerator.flipBit(leaf)
              : t.leafHashAt(otherThan(index, 0, n + 3, random));
          break;
        case ROOT:
          root = random.nextBoolean() ? LogVectorGenerator.flipBit(root)
              : t.root(otherThan(size, 0, n + 4, random));
          break;
        default:
          if (!tamperPath(tamper, path, t, random)) {
            return;
          }
      }
      InclusionProof forged = new InclusionProof(claimedIndex, claimedSize, path);
      try {
        forged.verify(leaf, root);
      } catch (CoreException e) {
        assertEquals(Reason.INCLUSION_PROOF_INVALID, e.reason(), e.getMessage());
        return;
      }
      // Accepted: that is only right if the "tampered" claim is an honest proof after all.
      boolean honest = claimedIndex >= 0 && claimedIndex < claimedSize && claimedSize <= t.size()
          && t.inclusionProof(claimedIndex, claimedSize).equals(forged)
          && t.leafHashAt(claimedIndex).equals(leaf) && t.root(claimedSize).equals(root);
      if (!honest) {
        fail("accepted a tampered inclusion proof (" + tamper + "): " + forged);
      }
    });
  }

  @Test
  void tamperedConsistencyProofIsRejected() {
    SeededCases.check("tamperedConsistencyProofIsRejected", 3000, random -> {
      int n = 1 + random.nextInt(300);
      MerkleTree t = tree(n + 4, random.nextLong());
      int newSize = 1 + random.nextInt(n);
      int oldSize = 1 + random.nextInt(newSize);
      List<Digest> path = new ArrayList<>(t.consistencyProof(oldSize, newSize).path());
      long claimedOld = oldSize;
      long claimedNew = newSize;
      Digest oldRoot = t.root(oldSize);
      Digest newRoot = t.root(newSize);
      Tamper tamper = Tamper.values()[random.nextInt(Tamper.values().length)];
      switch (tamper) {
        case INDEX_OR_OLD_SIZE:
          claimedOld = otherThan(oldSize, -1, n + 4, random);
          oldRoot = claimedOld >= 0 ? t.root(claimedOld) : oldRoot;
          break;
        case SIZE_OR_NEW_SIZE:
          claimedNew = otherThan(newSize, -1, n + 4, random);
          newRoot = claimedNew >= 0 ? t.root(claimedNew) : newRoot;
          break;
        case OLD_ROOT_OR_LEAF:
          oldRoot = LogVectorGenerator.flipBit(oldRoot);
          break;
        case ROOT:
          newRoot = random.nextBoolean() ? LogVectorGenerator.flipBit(newRoot)
              : t.root(otherThan(newSize, 0, n + 4, random));
          break;
        default:
          if (!tamperPath(tamper, path, t, random)) {
            return;
          }
      }
      ConsistencyProof forged = new ConsistencyProof(claimedOld, claimedNew, path);
      try {
        forged.verify(oldRoot, newRoot);
      } catch (CoreException e) {
        assertEquals(Reason.CONSISTENCY_PROOF_INVALID, e.reason(), e.getMessage());
        return;
      }
      boolean honest = claimedOld >= 1 && claimedOld <= claimedNew && claimedNew <= t.size()
          && t.consistencyProof(claimedOld, claimedNew).equals(forged)
          && t.root(claimedOld).equals(oldRoot) && t.root(claimedNew).equals(newRoot);
      if (!honest) {
        fail("accepted a tampered consistency proof (" + tamper + "): " + forged);
      }
    });
  }

  /** Changes {@code path} in place; false if this tamper cannot change this path. */
  private static boolean tamperPath(Tamper tamper, List<Digest> path, MerkleTree t, Random random) {
    switch (tamper) {
      case FLIP_BIT: {
        if (path.isEmpty()) {
          return false;
        }
        int e = random.nextInt(path.size());
        byte[] b = path.get(e).bytes();
        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        path.set(e, Digest.of(b));
        return true;
      }
      case DROP:
        if (path.isEmpty()) {
          return false;
        }
        path.remove(random.nextInt(path.size()));
        return true;
      case ADD:
        path.add(random.nextInt(path.size() + 1), t.leafHashAt(random.nextInt((int) t.size())));
        return true;
      case SWAP: {
        if (path.size() < 2) {
          return false;
        }
        int i = random.nextInt(path.size());
        int j = (int) otherThan(i, 0, path.size() - 1, random);
        if (path.get(i).equals(path.get(j))) {
          return false;
        }
        Digest tmp = path.get(i);
        path.set(i, path.get(j));
        path.set(j, tmp);
        return true;
      }
      default:
        throw new AssertionError(tamper);
    }
  }

  /** Arbitrary numbers and paths never make verification throw anything but CoreException. */
  @Test
  void arbitraryProofsFailOnlyWithCoreException() {
    SeededCases.check("arbitraryProofsFailOnlyWithCoreException", 3000, random -> {
      long a = SeededCases.anyLong(random);
      long b = SeededCases.anyLong(random);
      List<Digest> path = new ArrayList<>();
      for (int i = random.nextInt(70); i > 0; i--) {
        path.add(MerkleTree.leafHash(new byte[] {(byte) i}));
      }
      Digest x = MerkleTree.leafHash(new byte[] {(byte) random.nextInt()});
      // The empty root is no leaf or node hash, so nothing can lead to it.
      CoreException e1 = assertThrows(CoreException.class,
          () -> new InclusionProof(a, b, path).verify(x, MerkleTree.emptyRoot()));
      assertEquals(Reason.INCLUSION_PROOF_INVALID, e1.reason());
      CoreException e2 = assertThrows(CoreException.class,
          () -> new ConsistencyProof(a, b, path).verify(x, MerkleTree.emptyRoot()));
      assertEquals(Reason.CONSISTENCY_PROOF_INVALID, e2.reason());
    });
  }
}
