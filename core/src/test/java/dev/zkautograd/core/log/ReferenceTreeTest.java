package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/**
 * Our tree against the published RFC 9162 / Certificate Transparency reference tree
 * ({@code vectors/log/rfc9162-reference-tree.json}): hashes, every prefix root, and proofs that
 * must come out hash for hash.
 */
class ReferenceTreeTest {
  private static final JsonNode REF =
      VectorFiles.read(VectorFiles.root().resolve("log/rfc9162-reference-tree.json"));

  private static MerkleTree tree() {
    List<Digest> leaves = new ArrayList<>();
    for (JsonNode input : REF.get("leafInputs")) {
      leaves.add(MerkleTree.leafHash(Hex.decode(input.asText())));
    }
    return MerkleTree.ofLeafHashes(leaves);
  }

  @Test
  void leafHashesAreTheReferenceOnes() throws CoreException {
    assertEquals(VectorFiles.digests(REF.get("leafHashes"), "leafHashes"), tree().leafHashes());
  }

  @Test
  void interiorNodesAreTheReferenceOnes() throws CoreException {
    MerkleTree t = tree();
    List<Digest> level1 = VectorFiles.digests(REF.get("nodeHashes").get("level1"), "level1");
    for (int i = 0; i < level1.size(); i++) {
      assertEquals(level1.get(i),
          MerkleTree.nodeHash(t.leafHashAt(2L * i), t.leafHashAt(2L * i + 1)));
    }
    List<Digest> level2 = VectorFiles.digests(REF.get("nodeHashes").get("level2"), "level2");
    for (int i = 0; i < level2.size(); i++) {
      assertEquals(level2.get(i), MerkleTree.nodeHash(level1.get(2 * i), level1.get(2 * i + 1)));
    }
    assertEquals(VectorFiles.digests(REF.get("nodeHashes").get("level3"), "level3").get(0),
        MerkleTree.nodeHash(level2.get(0), level2.get(1)));
  }

  @Test
  void rootOfEveryPrefixIsTheReferenceOne() throws CoreException {
    MerkleTree t = tree();
    List<Digest> roots = VectorFiles.digests(REF.get("roots"), "roots");
    assertEquals(MerkleTree.emptyRoot(), roots.get(0));
    TreeFrontier frontier = TreeFrontier.empty();
    assertEquals(roots.get(0), frontier.root());
    for (int size = 0; size < roots.size(); size++) {
      assertEquals(roots.get(size), t.root(size), "root of the first " + size + " leaves");
      assertEquals(roots.get(size), MerkleTree.ofLeafHashes(t.leafHashes().subList(0, size)).root());
      assertEquals(roots.get(size), frontier.root(), "frontier after " + size + " leaves");
      if (size < t.size()) {
        frontier = frontier.append(t.leafHashAt(size));
      }
    }
  }

  @Test
  void inclusionProofsAreTheReferenceOnesAndVerify() throws CoreException {
    MerkleTree t = tree();
    List<Digest> roots = VectorFiles.digests(REF.get("roots"), "roots");
    for (JsonNode p : REF.get("inclusionProofs")) {
      long index = p.get("index").asLong();
      long size = p.get("treeSize").asLong();
      InclusionProof want = new InclusionProof(index, size, VectorFiles.digests(p.get("path"), "path"));
      assertEquals(want, t.inclusionProof(index, size));
      want.verify(t.leafHashAt(index), roots.get((int) size));
    }
  }

  @Test
  void consistencyProofsAreTheReferenceOnesAndVerify() throws CoreException {
    MerkleTree t = tree();
    List<Digest> roots = VectorFiles.digests(REF.get("roots"), "roots");
    for (JsonNode p : REF.get("consistencyProofs")) {
      long oldSize = p.get("oldSize").asLong();
      long newSize = p.get("newSize").asLong();
      ConsistencyProof want =
          new ConsistencyProof(oldSize, newSize, VectorFiles.digests(p.get("path"), "path"));
      assertEquals(want, t.consistencyProof(oldSize, newSize));
      want.verify(roots.get((int) oldSize), roots.get((int) newSize));
    }
  }
}
