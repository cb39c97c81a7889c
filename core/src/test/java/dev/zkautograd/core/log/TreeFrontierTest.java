package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeFrontierTest {
  @Test
  void appendIsImmutable() {
    MerkleTree t = MerklePropertiesTest.tree(3, 1);
    TreeFrontier one = TreeFrontier.empty().append(t.leafHashAt(0));
    TreeFrontier two = one.append(t.leafHashAt(1));
    assertEquals(1, one.size());
    assertEquals(t.root(1), one.root());
    assertEquals(2, two.size());
    assertEquals(t.root(2), two.root());
    assertNotEquals(one, two);
  }

  @Test
  void keepsOneHashPerSetBitOfTheSize() {
    MerkleTree t = MerklePropertiesTest.tree(13, 2);
    TreeFrontier f = TreeFrontier.empty();
    for (int i = 0; i < 13; i++) {
      f = f.append(t.leafHashAt(i));
    }
    // 13 = 8 + 4 + 1: the roots of leaves [0,8), [8,12) and [12,13).
    MerkleTree first8 = MerkleTree.ofLeafHashes(t.leafHashes().subList(0, 8));
    MerkleTree next4 = MerkleTree.ofLeafHashes(t.leafHashes().subList(8, 12));
    assertEquals(List.of(first8.root(), next4.root(), t.leafHashAt(12)), f.subtreeRoots());
  }

  @Test
  void restoringChecksTheShape() {
    MerkleTree t = MerklePropertiesTest.tree(2, 3);
    assertThrows(IllegalArgumentException.class, () -> TreeFrontier.of(3, List.of(t.root())));
    assertThrows(IllegalArgumentException.class, () -> TreeFrontier.of(-1, List.of()));
    assertEquals(TreeFrontier.empty(), TreeFrontier.of(0, List.of()));
  }
}
