package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a run directory into a {@link Run}, checking everything that does not need the contents of
 * the proof files. Every error is a CoreException naming the file, the step (for {@code steps.jsonl}:
 * the 0-based line) and the field.
 *
 * <p>A finished run must be exactly consistent. An open run (the writer crashed or is still
 * running) is read as the verifiable prefix it is: a torn last line is set aside, and the
 * checkpoint and {@code merkle_root.txt} may trail the log by the one record being appended.
 *
 * <p>The checks run in this order, each under its {@link RunCheck}: the manifest, the pinned key,
 * the manifest's signature, the records, the checkpoint's signature and head, {@code
 * merkle_root.txt}, the manifest's head and file list, the anchors.
 */
public final class RunReader {
  private RunReader() {}

  /** Reads and checks {@code dir}, verifying signatures with the key the manifest names; throws the first failure. */
  public static Run read(Path dir) throws CoreException {
    return read(dir, null);
  }

  /**
   * Reads and checks {@code dir}; throws the first failure. With {@code pinnedKey} (may be null) the
   * run's signatures must be by that key, not merely by the key its manifest names.
   */
  public static Run read(Path dir, NoteVerifier pinnedKey) throws CoreException {
    return read(new DirectoryRunFiles(dir), pinnedKey, RunFindings.FAIL_FAST);
  }

  /**
   * Reads and checks a run, reporting every check to {@code out}. With a sink that does not throw,
   * reading goes on after a failure, and a check that depends on a failed one is reported skipped.
   *
   * @return the run, or null when {@code run_manifest.json} or {@code steps.jsonl} could not be read
   *     (with {@link RunFindings#FAIL_FAST}: never null)
   */
  public static Run read(RunFiles files, NoteVerifier pinnedKey, RunFindings out) throws CoreException {
    SignedManifest signed;
    try {
      signed = SignedManifest.parse(files.read(RunLayout.MANIFEST, RunManifest.MAX_BYTES));
    } catch (CoreException e) {
      out.failed(RunCheck.MANIFEST, e.at(RunLayout.MANIFEST, null));
      skip(out, "needs " + RunLayout.MANIFEST, RunCheck.KEY, RunCheck.MANIFEST_SIGNATURE, RunCheck.RECORDS, RunCheck.SEQUENCE,
          RunCheck.CHAIN, RunCheck.DECLARATION, RunCheck.STATE_CHAIN, RunCheck.STEP_SIGNATURE, RunCheck.CHECKPOINT_SIGNATURE, RunCheck.CHECKPOINT,
          RunCheck.MERKLE_ROOT, RunCheck.MANIFEST_HEAD, RunCheck.MANIFEST_LISTING, RunCheck.ANCHORS);
      return null;
    }
    RunManifest manifest = signed.manifest();
    RunSpec spec = manifest.spec();
    boolean open = manifest.status() == RunManifest.Status.OPEN;
    out.passed(RunCheck.MANIFEST, "run " + spec.runId() + ", " + manifest.status().wire() + ", " + manifest.steps() + " steps, backend "
        + spec.backend().wire() + ", " + spec.optimizer().kind() + ", " + spec.params() + " params in " + spec.chunks()
        + (spec.chunks() == 1 ? " chunk" : " chunks"));
    NoteVerifier key = key(manifest, pinnedKey, out);
    String signer = " by " + key.encode() + (pinnedKey == null ? " (the key run_manifest.json names)" : " (pinned)");

    check(out, RunCheck.MANIFEST_SIGNATURE, () -> signed.verify(key), "Ed25519 signature" + signer);

    StepLog log = readLog(files, spec, open, out);
    String noLog = RunLayout.STEPS + " did not read in full";
    Map<Long, Digest> roots = new HashMap<>();

    SignedNote note = null;
    try {
      SignedNote parsed = SignedNote.parse(files.read(RunLayout.CHECKPOINT, SignedNote.MAX_NOTE_BYTES));
      parsed.verify(key);
      note = parsed;
      out.passed(RunCheck.CHECKPOINT_SIGNATURE, "signed note with a valid Ed25519 signature" + signer);
    } catch (CoreException e) {
      out.failed(RunCheck.CHECKPOINT_SIGNATURE, e.at(RunLayout.CHECKPOINT, null));
    }

    long checkpointSize = -1;
    if (note == null) {
      out.skipped(RunCheck.CHECKPOINT, "the checkpoint's signature did not verify, so its body is not trusted");
    } else if (log == null) {
      out.skipped(RunCheck.CHECKPOINT, noLog);
    } else {
      try {
        checkpointSize = committedSize(Checkpoint.open(note, key, spec.origin()), log, open, roots);
        out.passed(RunCheck.CHECKPOINT, "origin " + spec.origin() + ", tree of " + checkpointSize + " records, root "
            + root(log, checkpointSize, roots).hex() + (checkpointSize < log.size() ? " (trails the log by the record being appended)" : ""));
      } catch (CoreException e) {
        out.failed(RunCheck.CHECKPOINT, e.at(RunLayout.CHECKPOINT, null));
      }
    }

    Digest merkleRoot = null;
    try {
      Digest stated = MerkleRootFile.parse(files.read(RunLayout.MERKLE_ROOT, 65));
      if (log == null) {
        out.skipped(RunCheck.MERKLE_ROOT, noLog);
      } else {
        long n = log.size();
        if (!stated.equals(root(log, n, roots)) && !(open && n > 0 && stated.equals(root(log, n - 1, roots)))) {
          throw CoreException.of(Reason.ROOT_MISMATCH, "merkle_root.txt is not the root of steps.jsonl").file(RunLayout.MERKLE_ROOT)
              .expected(root(log, n, roots)).actual(stated).build();
        }
        merkleRoot = stated;
        out.passed(RunCheck.MERKLE_ROOT, "RFC 9162 root of the records: " + stated.hex());
      }
    } catch (CoreException e) {
      out.failed(RunCheck.MERKLE_ROOT, e.at(RunLayout.MERKLE_ROOT, null));
    }

    if (open) {
      skip(out, "the run is open: " + RunLayout.MANIFEST + " states the log head and lists the files once the run is finished",
          RunCheck.MANIFEST_HEAD, RunCheck.MANIFEST_LISTING);
    } else if (log == null) {
      skip(out, noLog, RunCheck.MANIFEST_HEAD, RunCheck.MANIFEST_LISTING);
    } else {
      checkHead(manifest, log, root(log, log.size(), roots), out);
      checkListing(files, manifest, log, out);
    }

    Anchors anchors = readAnchors(files, log, roots, out);
    if (log == null) {
      return null;
    }
    return new Run(files, manifest, log, merkleRoot, note, checkpointSize, anchors);
  }

  /** The key signatures must be by: the pinned one, or else the one the manifest names ({@link RunCheck#KEY}). */
  private static NoteVerifier key(RunManifest manifest, NoteVerifier pinned, RunFindings out) throws CoreException {
    NoteVerifier named = NoteVerifier.parse(manifest.log().verifierKey());
    if (pinned == null) {
      out.skipped(RunCheck.KEY, "no key pinned: signatures are checked with the key run_manifest.json names, which shows that "
          + "nothing changed since signing but not who signed; pin the run's key to check that");
      return named;
    }
    if (pinned.equals(named)) {
      out.passed(RunCheck.KEY, "run_manifest.json names the pinned key " + pinned.encode());
    } else {
      out.failed(RunCheck.KEY, CoreException.of(Reason.SIGNATURE_INVALID, "run_manifest.json names another checkpoint key than the pinned one")
          .file(RunLayout.MANIFEST).field("log.verifier_key").expected(pinned.encode()).actual(named.encode()).build());
    }
    return pinned;
  }

  private static StepLog readLog(RunFiles files, RunSpec spec, boolean open, RunFindings out) throws CoreException {
    byte[] jsonl;
    try {
      jsonl = open && !files.exists(RunLayout.STEPS) ? new byte[0] : files.read(RunLayout.STEPS, Integer.MAX_VALUE - 8);
    } catch (CoreException e) {
      out.failed(RunCheck.RECORDS, e.at(RunLayout.STEPS, null));
      skip(out, RunLayout.STEPS + " could not be read", RunCheck.SEQUENCE, RunCheck.CHAIN, RunCheck.DECLARATION, RunCheck.STATE_CHAIN,
          RunCheck.STEP_SIGNATURE);
      return null;
    }
    return StepLog.parse(jsonl, spec, open, out);
  }

  /**
   * The tree size the checkpoint commits to: all {@code n} records, or for an open run possibly
   * {@code n - 1}. A run's checkpoint has no extension lines.
   */
  private static long committedSize(Checkpoint c, StepLog log, boolean open, Map<Long, Digest> roots) throws CoreException {
    if (!c.extensions().isEmpty()) {
      throw CoreException.of(Reason.BAD_FIELD, "a run's checkpoint has no extension lines").field("extension line 1")
          .expected("none").actual(c.extensions().size() + " lines").build();
    }
    long n = log.size();
    for (long size = n; size >= (open ? Math.max(0, n - 1) : n); size--) {
      if (c.size() == size && c.root().equals(root(log, size, roots))) {
        return size;
      }
    }
    boolean sizeFits = c.size() == n || (open && c.size() == n - 1);
    throw CoreException.of(Reason.ROOT_MISMATCH, "checkpoint does not commit to steps.jsonl").field(sizeFits ? "root" : "size")
        .expected("tree of " + n + " records with root " + root(log, n, roots)).actual("tree of " + c.size() + " records with root " + c.root())
        .build();
  }

  /** {@link RunCheck#MANIFEST_HEAD}: a finished manifest states this log's size and root. */
  private static void checkHead(RunManifest m, StepLog log, Digest root, RunFindings out) throws CoreException {
    boolean holds = check(out, RunCheck.MANIFEST_HEAD, () -> {
      if (m.steps() != log.size()) {
        throw CoreException.of(Reason.STEP_SEQUENCE, "run_manifest.json and steps.jsonl disagree on the number of steps")
            .file(RunLayout.MANIFEST).field("steps").expected(log.size()).actual(m.steps()).build();
      }
    }, null);
    holds &= check(out, RunCheck.MANIFEST_HEAD, () -> {
      if (!m.log().root().equals(root)) {
        throw CoreException.of(Reason.ROOT_MISMATCH, "run_manifest.json states another log root").file(RunLayout.MANIFEST)
            .field("log.root").expected(root).actual(m.log().root()).build();
      }
    }, null);
    if (holds) {
      out.passed(RunCheck.MANIFEST_HEAD, log.size() + " steps, root " + root.hex());
    }
  }

  /**
   * {@link RunCheck#MANIFEST_LISTING}: a finished manifest lists the three log files and every proof
   * with its record's digest, and the run holds no file it does not list (other than the manifest
   * itself and {@code anchors.json}, which may grow after the run is finished).
   */
  private static void checkListing(RunFiles files, RunManifest m, StepLog log, RunFindings out) throws CoreException {
    Map<String, RunManifest.FileEntry> listed = new HashMap<>();
    for (RunManifest.FileEntry f : m.files()) listed.put(f.path().value(), f);
    boolean holds = true;
    for (String name : new String[] {RunLayout.STEPS, RunLayout.MERKLE_ROOT, RunLayout.CHECKPOINT}) {
      holds &= check(out, RunCheck.MANIFEST_LISTING, () -> requireListed(listed, name, null), null);
    }
    for (StepRecord r : log.records()) {
      for (ChunkEntry c : r.chunks()) {
        holds &= check(out, RunCheck.MANIFEST_LISTING, () -> {
          RunManifest.FileEntry f = requireListed(listed, c.proof().value(), r.step());
          if (!f.sha256().equals(c.proofSha256())) {
            throw CoreException.of(Reason.DIGEST_MISMATCH, "run_manifest.json and the step record give the proof different digests")
                .file(RunLayout.MANIFEST).step(r.step()).field("files").expected(c.proofSha256()).actual(f.sha256()).build();
          }
        }, null);
      }
    }
    Set<String> allowed = new HashSet<>(listed.keySet());
    allowed.add(RunLayout.MANIFEST);
    allowed.add(RunLayout.ANCHORS);
    try {
      for (String present : files.list()) {
        if (!allowed.contains(present)) {
          holds = false;
          out.failed(RunCheck.MANIFEST_LISTING, CoreException.of(Reason.MISSING_FIELD, "file in the run that run_manifest.json does not list")
              .file(present).field("files").expected("only the files run_manifest.json lists").actual(present).build());
        }
      }
    } catch (CoreException e) {
      holds = false;
      out.failed(RunCheck.MANIFEST_LISTING, e);
    }
    if (holds) {
      out.passed(RunCheck.MANIFEST_LISTING, m.files().size() + " files listed: the log files and every proof, with its record's digest; "
          + "nothing unlisted");
    }
  }

  private static RunManifest.FileEntry requireListed(Map<String, RunManifest.FileEntry> listed, String path, Long step) throws CoreException {
    RunManifest.FileEntry f = listed.get(path);
    if (f == null) {
      throw CoreException.of(Reason.MISSING_FIELD, "run_manifest.json does not list " + path).file(RunLayout.MANIFEST)
          .field("files").expected(path).actual("not listed").build().at(null, step);
    }
    return f;
  }

  /** {@link RunCheck#ANCHORS}: every receipt's tree head is a head of this run's log. */
  private static Anchors readAnchors(RunFiles files, StepLog log, Map<Long, Digest> roots, RunFindings out) throws CoreException {
    if (!files.exists(RunLayout.ANCHORS)) {
      out.skipped(RunCheck.ANCHORS, "no " + RunLayout.ANCHORS + ": the run's root was not anchored");
      return Anchors.NONE;
    }
    Anchors anchors;
    try {
      anchors = Anchors.parse(files.read(RunLayout.ANCHORS, 16 << 20));
    } catch (CoreException e) {
      out.failed(RunCheck.ANCHORS, e.at(RunLayout.ANCHORS, null));
      return Anchors.NONE;
    }
    if (log == null) {
      out.skipped(RunCheck.ANCHORS, RunLayout.STEPS + " did not read in full");
      return anchors;
    }
    long n = log.size();
    boolean holds = true;
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < anchors.receipts().size(); i++) {
      AnchorReceipt a = anchors.receipts().get(i);
      String field = "anchors[" + i + "]";
      holds &= check(out, RunCheck.ANCHORS, () -> {
        if (a.treeSize() > n || !a.root().equals(root(log, a.treeSize(), roots))) {
          throw CoreException.of(Reason.ROOT_MISMATCH, "anchored tree head is not a head of this run's log").file(RunLayout.ANCHORS)
              .field(field).expected(a.treeSize() > n ? "tree size <= " + n : root(log, a.treeSize(), roots))
              .actual(a.treeSize() > n ? a.treeSize() : a.root()).build();
        }
      }, null);
      seen.append(i == 0 ? "" : ", ").append(a.kind()).append(" #").append(a.counter()).append(" at size ").append(a.treeSize());
    }
    if (holds) {
      out.passed(RunCheck.ANCHORS, anchors.receipts().isEmpty() ? "no receipts" : anchors.receipts().size()
          + (anchors.receipts().size() == 1 ? " receipt, its root" : " receipts, each root") + " a root of this log (" + seen + ")");
    }
    return anchors;
  }

  /** A check's body; it throws the CoreException that says what does not hold. */
  private interface Body {
    void run() throws CoreException;
  }

  /** Runs one check: a failure goes to {@code out}; a pass too, unless {@code passDetail} is null. Returns whether it held. */
  private static boolean check(RunFindings out, RunCheck check, Body body, String passDetail) throws CoreException {
    try {
      body.run();
    } catch (CoreException e) {
      out.failed(check, e);
      return false;
    }
    if (passDetail != null) {
      out.passed(check, passDetail);
    }
    return true;
  }

  private static void skip(RunFindings out, String why, RunCheck... checks) {
    for (RunCheck c : checks) out.skipped(c, why);
  }

  private static Digest root(StepLog log, long size, Map<Long, Digest> cache) {
    Digest d = cache.get(size);
    if (d == null) {
      d = log.root(size);
      cache.put(size, d);
    }
    return d;
  }
}
