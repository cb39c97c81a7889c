package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
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
    return parse(jsonl, spec, dropTornTail, RunFindings.FAIL_FAST);
  }

  /**
   * Reads {@code steps.jsonl}, reporting to {@code out} under {@link RunCheck#RECORDS}, {@link
   * RunCheck#SEQUENCE}, {@link RunCheck#CHAIN}, {@link RunCheck#DECLARATION} and {@link
   * RunCheck#STATE_CHAIN}. With a sink that does not throw, every line is read and checked: a
   * record that fails a check still counts (it is in the file, and in the tree), and the record after
   * an unreadable line is checked against the declaration only.
   *
   * @return the log, or null when some line could not be read as a record (the file then has no
   *     well-defined tree); never null with {@link RunFindings#FAIL_FAST}
   */
  public static StepLog parse(byte[] jsonl, RunSpec spec, boolean dropTornTail, RunFindings out) throws CoreException {
    Tracking report = new Tracking(out);
    List<StepRecord> records = new ArrayList<>();
    StepRecord previous = null;
    boolean linked = true; // whether the line before this one was read, so that links can be checked
    long line = 0;
    int start = 0;
    int dropped = 0;
    while (start < jsonl.length) {
      int end = indexOf(jsonl, (byte) '\n', start);
      int next = end < 0 ? jsonl.length : end + 1;
      if (dropTornTail && next == jsonl.length && linked) {
        // A crash may have torn the last line, or cut it short of its predecessor's chain: keep it only if whole.
        try {
          StepRecord r = readLine(jsonl, start, end);
          checkNext(spec, previous, r);
          records.add(r);
          start = next;
          continue;
        } catch (CoreException torn) {
          dropped = jsonl.length - start;
          break;
        }
      }
      StepRecord r;
      try {
        r = readLine(jsonl, start, end);
      } catch (CoreException e) {
        report.failed(RunCheck.RECORDS, e.at(RunLayout.STEPS, line));
        linked = false;
        line++;
        start = next;
        continue;
      }
      if (linked) {
        checkNext(spec, previous, r, report);
      } else {
        checkDeclaration(spec, r, report);
      }
      records.add(r);
      previous = r;
      linked = true;
      line++;
      start = next;
    }
    boolean complete = report.unreadable == 0;
    report.finish(records, spec, dropped, complete);
    return complete ? new StepLog(records, jsonl.length - dropped, dropped) : null;
  }

  private static StepRecord readLine(byte[] jsonl, int start, int end) throws CoreException {
    if (end < 0) {
      throw CoreException.of(Reason.MALFORMED, "last line has no newline (a torn write?)").field("line")
          .expected("a record ending in LF").actual((jsonl.length - start) + " bytes without LF").build();
    }
    if (end == start) {
      throw CoreException.of(Reason.MALFORMED, "empty line").field("line").expected("a step record").actual("an empty line").build();
    }
    return StepRecord.parse(Arrays.copyOfRange(jsonl, start, end));
  }

  /**
   * Refuses {@code next} unless it may follow {@code previous} (null before step 0) in a run declared
   * by {@code spec}: the next step number, linked by {@code prev}, the same declaration, the same
   * chunk boundaries, and each chunk starting from the state the previous step left it in.
   */
  public static void checkNext(RunSpec spec, StepRecord previous, StepRecord next) throws CoreException {
    checkNext(spec, previous, next, RunFindings.FAIL_FAST);
  }

  /** {@link #checkNext(RunSpec, StepRecord, StepRecord)}, reporting each failed check to {@code out}. */
  public static void checkNext(RunSpec spec, StepRecord previous, StepRecord next, RunFindings out) throws CoreException {
    checkDeclaration(spec, next, out);
    long want = previous == null ? 0 : previous.step() + 1;
    if (next.step() != want) {
      out.failed(RunCheck.SEQUENCE, CoreException.of(Reason.STEP_SEQUENCE, "steps must follow each other from 0, each once")
          .file(RunLayout.STEPS).field("step").step(next.step()).expected(want).actual(next.step()).build());
    }
    Digest prev = previous == null ? HashChain.genesis(spec.runId()) : previous.chain();
    if (!next.prev().equals(prev)) {
      out.failed(RunCheck.CHAIN, CoreException.of(Reason.CHAIN_MISMATCH, previous == null ? "step 0 must start from the run's genesis value"
          : "prev is not the previous step's chain value").file(RunLayout.STEPS).field("prev").step(next.step()).expected(prev)
          .actual(next.prev()).build());
    }
    if (previous == null) {
      return;
    }
    int shared = Math.min(previous.chunks().size(), next.chunks().size()); // they differ only where the declaration check failed
    for (int i = 0; i < shared; i++) {
      ChunkEntry a = previous.chunks().get(i);
      ChunkEntry b = next.chunks().get(i);
      if (a.offset() != b.offset() || a.length() != b.length()) {
        out.failed(RunCheck.STATE_CHAIN, CoreException.of(Reason.BAD_FIELD, "chunk boundaries must stay the same through a run")
            .file(RunLayout.STEPS).field("chunks[" + i + "]").step(next.step())
            .expected("[" + a.offset() + ", +" + a.length() + ")").actual("[" + b.offset() + ", +" + b.length() + ")").build());
      } else if (!a.stateOut().equals(b.stateIn())) {
        out.failed(RunCheck.STATE_CHAIN, CoreException.of(Reason.STATE_CHAIN_BROKEN, "chunk does not start from the state the previous step ended in")
            .file(RunLayout.STEPS).field("chunks[" + i + "].state_in").step(next.step()).expected(a.stateOut()).actual(b.stateIn()).build());
      }
    }
  }

  private static void checkDeclaration(RunSpec spec, StepRecord r, RunFindings out) throws CoreException {
    try {
      spec.check(r.draft());
    } catch (CoreException e) {
      out.failed(RunCheck.DECLARATION, e.at(RunLayout.STEPS, r.step()));
    }
    if (spec.prover() != null) {
      try {
        StepSignature.verify(r.draft(), spec.prover());
      } catch (CoreException e) {
        out.failed(RunCheck.STEP_SIGNATURE, e.at(RunLayout.STEPS, r.step()));
      }
    }
  }

  /** Passes findings on, remembering which checks failed so that only the others are reported as passed. */
  private static final class Tracking implements RunFindings {
    private final RunFindings out;
    private final EnumSet<RunCheck> failed = EnumSet.noneOf(RunCheck.class);
    private long unreadable;

    Tracking(RunFindings out) {
      this.out = out;
    }

    @Override
    public void passed(RunCheck check, String detail) {
      out.passed(check, detail);
    }

    @Override
    public void failed(RunCheck check, CoreException problem) throws CoreException {
      failed.add(check);
      if (check == RunCheck.RECORDS) unreadable++;
      out.failed(check, problem);
    }

    @Override
    public void skipped(RunCheck check, String why) {
      out.skipped(check, why);
    }

    /** Reports every check that did not fail: passed, or where unreadable lines hid links, skipped. */
    void finish(List<StepRecord> records, RunSpec spec, int dropped, boolean complete) {
      long n = records.size();
      if (!failed.contains(RunCheck.RECORDS)) {
        passed(RunCheck.RECORDS, n + " records, each canonical with consistent roots and chain value"
            + (dropped > 0 ? "; a torn last line (" + dropped + " bytes, as a crash leaves it) set aside" : ""));
      }
      String partial = "checked only on the lines that read (see steps.records)";
      report(RunCheck.SEQUENCE, complete, partial, n == 0 ? "no steps yet" : "steps 0.." + (n - 1) + ", each once, in order");
      report(RunCheck.CHAIN, complete, partial, n == 0 ? "no steps yet"
          : "every prev is its predecessor's chain value, from the genesis value of " + spec.runId());
      report(RunCheck.DECLARATION, complete, partial, "every record has the run id, backend, optimizer, params and chunk count of "
          + RunLayout.MANIFEST);
      report(RunCheck.STATE_CHAIN, complete, partial, spec.chunks() + (spec.chunks() == 1 ? " chunk" : " chunks")
          + " per step with fixed boundaries, each starting from the state the step before left it in");
      if (spec.prover() == null) {
        skipped(RunCheck.STEP_SIGNATURE, "the run declares no attested prover (no prover in " + RunLayout.MANIFEST + "): its steps are not signed");
      } else {
        report(RunCheck.STEP_SIGNATURE, complete, partial, (n == 0 ? "no steps yet" : "all " + n + " records")
            + " signed by the declared prover key " + spec.prover().keyId());
      }
    }

    private void report(RunCheck check, boolean complete, String partial, String detail) {
      if (failed.contains(check)) return;
      if (complete) {
        passed(check, detail);
      } else {
        skipped(check, partial);
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
