package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MerkleTreeTest {
  private final MerkleTree t = MerklePropertiesTest.tree(13, 7);

  @Test
  void emptyTreeHasTheEmptyRoot() {
    MerkleTree empty = MerkleTree.ofLeafHashes(List.of());
    assertEquals(0, empty.size());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        empty.root().hex());
  }

  @Test
  void leafAndNodeHashesAreDomainSeparated() {
    Digest a = MerkleTree.leafHash(new byte[] {1});
    Digest b = MerkleTree.leafHash(new byte[] {2});
    byte[] concatenated = new byte[64];
    System.arraycopy(a.bytes(), 0, concatenated, 0, 32);
    System.arraycopy(b.bytes(), 0, concatenated, 32, 32);
    // The same 64 bytes hashed as a leaf and as a node give different hashes.
    assertTrue(!MerkleTree.leafHash(concatenated).equals(MerkleTree.nodeHash(a, b)));
  }

  @Test
  void proofGenerationRefusesImpossibleArguments() {
    assertThrows(IllegalArgumentException.class, () -> t.inclusionProof(13, 13));
    assertThrows(IllegalArgumentException.class, () -> t.inclusionProof(0, 14));
    assertThrows(IllegalArgumentException.class, () -> t.inclusionProof(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> t.consistencyProof(0, 5));
    assertThrows(IllegalArgumentException.class, () -> t.consistencyProof(6, 5));
    assertThrows(IllegalArgumentException.class, () -> t.consistencyProof(5, 14));
    assertThrows(IllegalArgumentException.class, () -> t.root(14));
    assertThrows(IllegalArgumentException.class, () -> t.leafHashAt(13));
    List<Digest> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> MerkleTree.ofLeafHashes(withNull));
  }

  @Test
  void equalSizesGiveTheEmptyConsistencyProof() throws CoreException {
    ConsistencyProof p = t.consistencyProof(9, 9);
    assertEquals(List.of(), p.path());
    p.verify(t.root(9), t.root(9));
  }

  @Test
  void inclusionProofNamesTheFieldAtFault() {
    InclusionProof good = t.inclusionProof(6, 13);
    Digest leaf = t.leafHashAt(6);
    Digest root = t.root();
    assertInvalid(Reason.INCLUSION_PROOF_INVALID, "index",
        () -> new InclusionProof(13, 13, good.path()).verify(leaf, root));
    assertInvalid(Reason.INCLUSION_PROOF_INVALID, "index",
        () -> new InclusionProof(-1, 13, good.path()).verify(leaf, root));
    assertInvalid(Reason.INCLUSION_PROOF_INVALID, "treeSize",
        () -> new InclusionProof(0, 0, List.of()).verify(leaf, root));
    CoreException length = assertInvalid(Reason.INCLUSION_PROOF_INVALID, "path",
        () -> new InclusionProof(6, 13, good.path().subList(1, 4)).verify(leaf, root));
    assertEquals("4 hashes", length.expected());
    assertEquals("3 hashes", length.actual());
    CoreException mismatch = assertInvalid(Reason.INCLUSION_PROOF_INVALID, "root",
        () -> good.verify(t.leafHashAt(5), root));
    assertEquals(root.hex(), mismatch.expected());
  }

  @Test
  void consistencyProofNamesTheFieldAtFault() {
    ConsistencyProof good = t.consistencyProof(6, 13);
    Digest r6 = t.root(6);
    Digest r13 = t.root(13);
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "oldSize",
        () -> new ConsistencyProof(0, 13, List.of()).verify(MerkleTree.emptyRoot(), r13));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "newSize",
        () -> new ConsistencyProof(13, 6, good.path()).verify(r13, r6));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "path",
        () -> new ConsistencyProof(6, 13, List.of()).verify(r6, r13));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "path",
        () -> new ConsistencyProof(13, 13, List.of(r6)).verify(r13, r13));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "newRoot",
        () -> new ConsistencyProof(13, 13, List.of()).verify(r6, r13));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "oldRoot",
        () -> good.verify(t.root(5), r13));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "newRoot",
        () -> good.verify(r6, t.root(12)));
  }

  /**
   * Why the root must be the one trusted for the claimed size: the path of leaf 0 in 5 leaves,
   * claimed for 6 leaves, has the right length and computes the root of the 5-leaf tree.
   */
  @Test
  void aProofIsCheckedAgainstTheRootOfItsClaimedSize() throws CoreException {
    InclusionProof of5 = t.inclusionProof(0, 5);
    InclusionProof claimedFor6 = new InclusionProof(0, 6, of5.path());
    assertEquals(t.root(5), claimedFor6.rootFrom(t.leafHashAt(0)));
    assertInvalid(Reason.INCLUSION_PROOF_INVALID, "root",
        () -> claimedFor6.verify(t.leafHashAt(0), t.root(6)));
  }

  @Test
  void hugeClaimedSizesAreRefusedWithoutWork() {
    Digest x = t.leafHashAt(0);
    assertInvalid(Reason.INCLUSION_PROOF_INVALID, "path",
        () -> new InclusionProof(Long.MAX_VALUE - 1, Long.MAX_VALUE, List.of()).verify(x, x));
    assertInvalid(Reason.CONSISTENCY_PROOF_INVALID, "path",
        () -> new ConsistencyProof(1, Long.MAX_VALUE, List.of(x)).verify(x, x));
  }

  private static CoreException assertInvalid(Reason reason, String field, Executable e) {
    CoreException ex = assertThrows(CoreException.class, e);
    assertEquals(reason, ex.reason(), ex.getMessage());
    assertEquals(field, ex.field(), ex.getMessage());
    return ex;
  }
}
