package dev.zkautograd.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every remote monotonic-counter anchor must do, run against each one's local stand-in: count
 * up for trees that extend the last one, refuse every other head (and store nothing then), refuse a
 * writer with a stale view at the store itself, refuse a head copied from another run, and say "not
 * reachable" rather than anything else when the store cannot be asked.
 */
abstract class AnchorContract {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final List<Digest> leaves = new ArrayList<>();

  /** A fresh anchor over the stand-in's store. */
  abstract Anchor anchor();

  /** An anchor of the same kind whose store cannot be reached. */
  abstract Anchor unreachable();

  /** Writes {@code next} for {@code runId} conditioned on the stale head {@code read}, bypassing the anchor's own read. */
  abstract void writeOver(String runId, AnchorReceipt next, AnchorReceipt read) throws CoreException;

  /** Copies what the store holds for {@code from} to where it keeps {@code to}'s head. */
  abstract void copyHead(String from, String to) throws CoreException;

  static String newRun() {
    return "run-contract-" + System.nanoTime() % 1_000_000 + "-" + RUNS.incrementAndGet();
  }

  MerkleTree tree(int size) {
    while (leaves.size() < size) leaves.add(MerkleTree.leafHash(("leaf " + leaves.size()).getBytes(StandardCharsets.UTF_8)));
    return MerkleTree.ofLeafHashes(leaves.subList(0, size));
  }

  AnchorRequest request(String run, int size, Integer from) {
    MerkleTree t = tree(size);
    return new AnchorRequest(run, size, t.root(), from == null ? null : t.consistencyProof(from, size));
  }

  static void assertRejected(Anchor a, AnchorRequest r) {
    CoreException e = assertThrows(CoreException.class, () -> a.anchor(r));
    assertEquals(Reason.ANCHOR_REJECTED, e.reason(), e::getMessage);
  }

  @Test
  void counts_up_for_trees_that_extend_the_last_one() throws CoreException {
    String run = newRun();
    Anchor a = anchor();
    assertNull(a.latest(run));
    AnchorReceipt r1 = a.anchor(request(run, 3, null));
    assertEquals(1, r1.counter());
    assertEquals(3, r1.treeSize());
    assertEquals("2026-11-24T09:00:00Z", r1.time().value());
    assertEquals(r1, anchor().latest(run), "a fresh client reads back exactly the receipt");
    AnchorReceipt r2 = a.anchor(request(run, 8, 3));
    assertEquals(2, r2.counter());
    assertEquals(3, a.anchor(request(run, 8, null)).counter(), "the same head again moves the counter on");
    assertEquals(a.kind(), anchor().latest(run).kind());
  }

  @Test
  void refuses_a_shrinking_tree_a_forked_root_and_a_bad_or_missing_proof() throws CoreException {
    String run = newRun();
    Anchor a = anchor();
    AnchorReceipt first = a.anchor(request(run, 5, null));
    assertRejected(a, request(run, 4, null));
    assertRejected(a, new AnchorRequest(run, 5, Digest.sha256(new byte[1]), null));
    assertRejected(a, request(run, 9, null));
    assertRejected(a, request(run, 9, 4));
    List<Digest> fork = new ArrayList<>(leaves.subList(0, 9));
    fork.set(2, Digest.sha256(new byte[2]));
    MerkleTree forked = MerkleTree.ofLeafHashes(fork);
    assertRejected(a, new AnchorRequest(run, 9, forked.root(), forked.consistencyProof(5, 9)));
    assertEquals(first, a.latest(run), "nothing refused was stored");
    assertEquals(2, a.anchor(request(run, 9, 5)).counter());
  }

  @Test
  void the_store_refuses_a_writer_whose_view_is_stale() throws CoreException {
    String run = newRun();
    Anchor a = anchor();
    AnchorReceipt r1 = a.anchor(request(run, 2, null));
    AnchorReceipt r2 = a.anchor(request(run, 4, 2));
    // A second writer read r1, then r2 landed: its write over r1 must fail at the store.
    AnchorReceipt stale = new AnchorReceipt(a.kind(), 2, 4, r2.root(), r2.time(), r2.ref().without("etag").without("version_id"));
    CoreException e = assertThrows(CoreException.class, () -> writeOver(run, stale, r1));
    assertEquals(Reason.ANCHOR_REJECTED, e.reason(), e::getMessage);
    assertTrue(e.getMessage().contains("another writer"), e::getMessage);
    // And a first write over a head that exists (a writer that saw none) likewise.
    CoreException first = assertThrows(CoreException.class, () -> writeOver(run, stale, null));
    assertEquals(Reason.ANCHOR_REJECTED, first.reason(), first::getMessage);
    assertEquals(r2, a.latest(run));
  }

  @Test
  void a_head_copied_from_another_run_does_not_read() throws CoreException {
    String run = newRun();
    String other = newRun();
    anchor().anchor(request(run, 3, null));
    copyHead(run, other);
    CoreException e = assertThrows(CoreException.class, () -> anchor().latest(other));
    assertEquals(Reason.BAD_FIELD, e.reason(), e::getMessage);
    assertTrue(e.getMessage().contains("anchor head of another run"), e::getMessage);
  }

  @Test
  void an_unreachable_store_is_reported_as_such() {
    Anchor dead = unreachable();
    CoreException read = assertThrows(CoreException.class, () -> dead.latest(newRun()));
    assertEquals(Reason.ANCHOR_UNREACHABLE, read.reason(), read::getMessage);
    CoreException write = assertThrows(CoreException.class, () -> dead.anchor(request(newRun(), 1, null)));
    assertEquals(Reason.ANCHOR_UNREACHABLE, write.reason(), write::getMessage);
  }
}
