package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.ConsistencyProof;
import dev.zkautograd.core.log.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCounterAnchorTest {
  static final String RUN = "run-a";

  @TempDir Path tmp;

  private final List<Digest> leaves = new ArrayList<>();

  private MerkleTree tree(int size) {
    while (leaves.size() < size) leaves.add(MerkleTree.leafHash(("leaf " + leaves.size()).getBytes(StandardCharsets.UTF_8)));
    return MerkleTree.ofLeafHashes(leaves.subList(0, size));
  }

  private AnchorRequest request(int size, Integer from) {
    MerkleTree t = tree(size);
    ConsistencyProof p = from == null ? null : t.consistencyProof(from, size);
    return new AnchorRequest(RUN, size, t.root(), p);
  }

  private FileCounterAnchor anchor() {
    return new FileCounterAnchor(tmp, Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void counts_up_for_trees_that_extend_the_last_one() throws CoreException {
    FileCounterAnchor a = anchor();
    assertNull(a.latest(RUN));
    AnchorReceipt r1 = a.anchor(request(3, null));
    assertEquals(1, r1.counter());
    assertEquals("2026-11-24T09:00:00Z", r1.time().value());
    assertEquals("zk-autograd/run-a", ((dev.zkautograd.core.json.JsonString) r1.ref().get("origin")).value());
    AnchorReceipt r2 = a.anchor(request(8, 3));
    assertEquals(2, r2.counter());
    AnchorReceipt r3 = a.anchor(request(8, null)); // the same head again: allowed, the counter still moves on
    assertEquals(3, r3.counter());
    assertEquals(r3, anchor().latest(RUN));
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> a.latest("../run-a")).reason());
  }

  @Test
  void refuses_a_shrinking_tree_a_forked_root_and_a_bad_or_missing_proof() throws CoreException {
    FileCounterAnchor a = anchor();
    a.anchor(request(5, null));
    assertRejected(a, request(4, null));
    assertRejected(a, new AnchorRequest(RUN, 5, Digest.sha256(new byte[1]), null)); // same size, other root
    assertRejected(a, request(9, null)); // no proof
    assertRejected(a, request(9, 4)); // proof from the wrong size
    // A fork: a tree of 9 whose first 5 leaves differ from the anchored ones.
    List<Digest> fork = new ArrayList<>(leaves.subList(0, 9));
    fork.set(2, Digest.sha256(new byte[2]));
    MerkleTree forked = MerkleTree.ofLeafHashes(fork);
    assertRejected(a, new AnchorRequest(RUN, 9, forked.root(), forked.consistencyProof(5, 9)));
    // A proof for the honest tree sent with another root.
    assertRejected(a, new AnchorRequest(RUN, 9, forked.root(), request(9, 5).consistency()));
    assertEquals(1, a.latest(RUN).counter(), "nothing refused was stored");
    assertEquals(2, a.anchor(request(9, 5)).counter());
  }

  @Test
  void refuses_a_proof_for_a_first_anchor_and_a_tampered_counter_file() throws Exception {
    FileCounterAnchor a = anchor();
    assertRejected(a, request(4, 2));
    a.anchor(request(4, null));
    Path file = tmp.resolve(RUN + ".counter.json");
    Files.writeString(file, Files.readString(file).replace("\"counter\":1", "\"counter\":1.5"));
    CoreException e = assertThrows(CoreException.class, () -> a.latest(RUN));
    assertEquals(Reason.BAD_FIELD, e.reason());
    assertEquals("receipt.counter", e.field());
  }

  @Test
  void an_anchored_empty_tree_is_extended_without_a_proof() throws CoreException {
    FileCounterAnchor a = anchor();
    a.anchor(new AnchorRequest(RUN, 0, MerkleTree.ofLeafHashes(List.of()).root(), null));
    assertEquals(2, a.anchor(request(3, null)).counter());
  }

  private static void assertRejected(FileCounterAnchor a, AnchorRequest r) {
    assertEquals(Reason.ANCHOR_REJECTED, assertThrows(CoreException.class, () -> a.anchor(r)).reason());
  }
}
