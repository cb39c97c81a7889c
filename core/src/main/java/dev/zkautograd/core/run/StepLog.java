package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of {@code steps.jsonl}, read and checked as a sequence: one canonical record per LF-
 * terminated line, steps 0, 1, 2, ... each chaining from its predecessor ({@code prev}) and starting
 * from the state its predecessor ended in, all agreeing with the run's declaration.
 *
 * <p>Pure (bytes in, values out), so the browser verifier uses it as the JVM does.
 */
public final class StepLog {
  private final List<StepRecord> records;
  private final List<Digest> leafHashes;
  private final long validLength;
  private final int droppedTail;

  private StepLog(List<StepRecord> records, long validLength, int droppedTail) {
    this.records = List.copyOf(records);
    List<Digest> leaves = new ArrayList<>(records.size());
    for (StepRecord r : records) leaves.add(r.leafHash());
    this.leafHashes = List.copyOf(leaves);
    this.validLength = validLength;
    this.droppedTail = droppedTail;
  }

  /**
   * Reads {@code steps.jsonl}. With {@code dropTornTail}, a last line that a crash may have left
   * behind — no LF, or not a valid record that follows its predecessor — is set aside (see {@link
   * #droppedTail()}) instead of refused; any earlier bad line is refused all the same. Errors name
   * the file, and as step the 0-based line number, which is also the step the line must hold.
   */
  public static StepLog parse(byte[] jsonl, RunSpec spec, boolean dropTornTail) throws CoreException {
    List<StepRecord> records = new ArrayList<>();
    int start = 0;
    while (start < jsonl.length) {
      int end = indexOf(jsonl, (byte) '\n', start);
      long lineNo = records.size();
      boolean last = end < 0 || end == jsonl.length - 1;
      try {
        if (end < 0) {
          throw CoreException.of(Reason.MALFORMED, "last line has no newline (a torn write?)").build();
        }
        if (end == start) {
          throw CoreException.of(Reason.MALFORMED, "empty line").build();
        }
        StepRecord r = StepRecord.parse(Arrays.copyOfRange(jsonl, start, end));
        checkNext(spec, records.isEmpty() ? null : records.get(records.size() - 1), r);
        records.add(r);
      } catch (CoreException e) {
        if (dropTornTail && last) {
          return new StepLog(records, start, jsonl.length - start);
        }
        throw e.at(RunLayout.STEPS, lineNo);
      }
      start = end + 1;
    }
    return new StepLog(records, jsonl.length, 0);
  }

  /**
   * Refuses {@code next} unless it may follow {@code previous} (null before step 0) in a run declared
   * by {@code spec}: the next step number, linked by {@code prev}, the same declaration, the same
   * chunk boundaries, and each chunk starting from the state the previous step left it in.
   */
  public static void checkNext(RunSpec spec, StepRecord previous, StepRecord next) throws CoreException {
    spec.check(next.draft());
    long want = previous == null ? 0 : previous.step() + 1;
    if (next.step() != want) {
      throw CoreException.of(Reason.STEP_SEQUENCE, "steps must follow each other from 0, each once").field("step")
          .step(next.step()).expected(want).actual(next.step()).build();
    }
    Digest prev = previous == null ? HashChain.genesis(spec.runId()) : previous.chain();
    if (!next.prev().equals(prev)) {
      throw CoreException.of(Reason.CHAIN_MISMATCH, previous == null ? "step 0 must start from the run's genesis value"
          : "prev is not the previous step's chain value").field("prev").step(next.step()).expected(prev).actual(next.prev()).build();
    }
    if (previous == null) {
      return;
    }
    for (int i = 0; i < next.chunks().size(); i++) {
      ChunkEntry a = previous.chunks().get(i);
      ChunkEntry b = next.chunks().get(i);
      if (a.offset() != b.offset() || a.length() != b.length()) {
        throw CoreException.of(Reason.BAD_FIELD, "chunk boundaries must stay the same through a run").field("chunks[" + i + "]")
            .step(next.step()).expected("[" + a.offset() + ", +" + a.length() + ")").actual("[" + b.offset() + ", +" + b.length() + ")").build();
      }
      if (!a.stateOut().equals(b.stateIn())) {
        throw CoreException.of(Reason.STATE_CHAIN_BROKEN, "chunk does not start from the state the previous step ended in")
            .field("chunks[" + i + "].state_in").step(next.step()).expected(a.stateOut()).actual(b.stateIn()).build();
      }
    }
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) return i;
    }
    return -1;
  }

  public List<StepRecord> records() {
    return records;
  }

  public long size() {
    return records.size();
  }

  /** The last record, or null for an empty log. */
  public StepRecord last() {
    return records.isEmpty() ? null : records.get(records.size() - 1);
  }

  /** Bytes of the file that hold the records (all of it, unless a tail was dropped). */
  public long validLength() {
    return validLength;
  }

  /** Bytes set aside as a torn last line; 0 when none. */
  public int droppedTail() {
    return droppedTail;
  }

  /** The records' Merkle leaf hashes, in order. */
  public List<Digest> leafHashes() {
    return leafHashes;
  }

  /** RFC 9162 root of the first {@code size} records. */
  public Digest root(long size) {
    return MerkleTree.ofLeafHashes(leafHashes.subList(0, (int) size)).root();
  }
}
