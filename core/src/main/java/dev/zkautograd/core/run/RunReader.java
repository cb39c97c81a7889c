package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run directory into a {@link Run}, checking everything that does not need the proof
 * files' bytes. Every error is a CoreException naming the file, the step (for {@code steps.jsonl}:
 * the 0-based line) and the field.
 *
 * <p>A finished run must be exactly consistent. An open run (the writer crashed or is still
 * running) is read as the verifiable prefix it is: a torn last line is set aside, and the
 * checkpoint and {@code merkle_root.txt} may trail the log by the one record being appended.
 */
public final class RunReader {
  private RunReader() {}

  public static Run read(Path dir) throws CoreException {
    RunManifest manifest = RunManifest.parse(DurableFiles.read(dir.resolve(RunLayout.MANIFEST), RunLayout.MANIFEST, RunManifest.MAX_BYTES));
    boolean open = manifest.status() == RunManifest.Status.OPEN;
    RunSpec spec = manifest.spec();

    Path steps = dir.resolve(RunLayout.STEPS);
    byte[] jsonl = open && !Files.exists(steps) ? new byte[0] : DurableFiles.read(steps, RunLayout.STEPS, Integer.MAX_VALUE - 8);
    StepLog log = StepLog.parse(jsonl, spec, open);
    long n = log.size();
    Map<Long, Digest> roots = new HashMap<>();

    SignedNote note;
    try {
      note = SignedNote.parse(text(dir, RunLayout.CHECKPOINT, 1 << 16));
      note.verify(NoteVerifier.parse(manifest.log().verifierKey()));
    } catch (CoreException e) {
      throw e.at(RunLayout.CHECKPOINT, null);
    }
    long checkpointSize = -1;
    for (long size = n; size >= (open ? Math.max(0, n - 1) : n); size--) {
      String body = new Checkpoint(spec.origin(), size, root(log, size, roots), List.of()).body();
      if (note.text().startsWith(body + "\n")) {
        checkpointSize = size;
        break;
      }
    }
    if (checkpointSize < 0) {
      throw CoreException.of(Reason.ROOT_MISMATCH, "checkpoint does not commit to steps.jsonl").file(RunLayout.CHECKPOINT)
          .expected("tree of " + n + " records with root " + root(log, n, roots)).actual(firstLines(note.text())).build();
    }

    Digest merkleRoot = MerkleRootFile.parse(DurableFiles.read(dir.resolve(RunLayout.MERKLE_ROOT), RunLayout.MERKLE_ROOT, 65));
    if (!merkleRoot.equals(root(log, n, roots)) && !merkleRoot.equals(root(log, checkpointSize, roots))) {
      throw CoreException.of(Reason.ROOT_MISMATCH, "merkle_root.txt is not the root of steps.jsonl").file(RunLayout.MERKLE_ROOT)
          .expected(root(log, n, roots)).actual(merkleRoot).build();
    }

    if (!open) {
      checkFinished(dir, manifest, log, root(log, n, roots));
    }

    Anchors anchors = Anchors.NONE;
    if (Files.exists(dir.resolve(RunLayout.ANCHORS))) {
      anchors = Anchors.parse(DurableFiles.read(dir.resolve(RunLayout.ANCHORS), RunLayout.ANCHORS, 16 << 20));
      for (int i = 0; i < anchors.receipts().size(); i++) {
        AnchorReceipt a = anchors.receipts().get(i);
        if (a.treeSize() > n || !a.root().equals(root(log, a.treeSize(), roots))) {
          throw CoreException.of(Reason.ROOT_MISMATCH, "anchored tree head is not a head of this run's log").file(RunLayout.ANCHORS)
              .field("anchors[" + i + "]").expected(a.treeSize() > n ? "tree size <= " + n : root(log, a.treeSize(), roots))
              .actual(a.treeSize() > n ? a.treeSize() : a.root()).build();
        }
      }
    }
    return new Run(dir, manifest, log, merkleRoot, note, checkpointSize, anchors);
  }

  /** A finished manifest must state this log's head and list every file of the run, each proof with its record's digest. */
  private static void checkFinished(Path dir, RunManifest m, StepLog log, Digest root) throws CoreException {
    if (m.steps() != log.size()) {
      throw CoreException.of(Reason.STEP_SEQUENCE, "run_manifest.json and steps.jsonl disagree on the number of steps")
          .file(RunLayout.MANIFEST).field("steps").expected(log.size()).actual(m.steps()).build();
    }
    if (!m.log().root().equals(root)) {
      throw CoreException.of(Reason.ROOT_MISMATCH, "run_manifest.json states another log root").file(RunLayout.MANIFEST)
          .field("log.root").expected(root).actual(m.log().root()).build();
    }
    Map<String, RunManifest.FileEntry> listed = new HashMap<>();
    for (RunManifest.FileEntry f : m.files()) listed.put(f.path().value(), f);
    for (String name : new String[] {RunLayout.STEPS, RunLayout.MERKLE_ROOT, RunLayout.CHECKPOINT}) {
      requireListed(listed, name, null);
    }
    for (StepRecord r : log.records()) {
      for (ChunkEntry c : r.chunks()) {
        RunManifest.FileEntry f = requireListed(listed, c.proof().value(), r.step());
        if (!f.sha256().equals(c.proofSha256())) {
          throw CoreException.of(Reason.DIGEST_MISMATCH, "run_manifest.json and the step record give the proof different digests")
              .file(RunLayout.MANIFEST).step(r.step()).field("files").expected(c.proofSha256()).actual(f.sha256()).build();
        }
      }
    }
    for (RunManifest.FileEntry f : m.files()) {
      long size;
      try {
        size = Files.size(dir.resolve(f.path().value()));
      } catch (IOException e) {
        throw DurableFiles.io("listed in run_manifest.json but cannot be read", f.path().value(), e);
      }
      if (size != f.size()) {
        throw CoreException.of(Reason.DIGEST_MISMATCH, "file size differs from run_manifest.json").file(f.path().value())
            .field("files").expected(f.size() + " bytes").actual(size + " bytes").build();
      }
    }
  }

  private static RunManifest.FileEntry requireListed(Map<String, RunManifest.FileEntry> listed, String path, Long step) throws CoreException {
    RunManifest.FileEntry f = listed.get(path);
    if (f == null) {
      throw CoreException.of(Reason.MISSING_FIELD, "run_manifest.json does not list " + path).file(RunLayout.MANIFEST)
          .field("files").build().at(null, step);
    }
    return f;
  }

  private static Digest root(StepLog log, long size, Map<Long, Digest> cache) {
    Digest d = cache.get(size);
    if (d == null) {
      d = log.root(size);
      cache.put(size, d);
    }
    return d;
  }

  private static String text(Path dir, String name, int maxBytes) throws CoreException {
    return new String(DurableFiles.read(dir.resolve(name), name, maxBytes), StandardCharsets.UTF_8);
  }

  private static String firstLines(String note) {
    int cut = note.indexOf("\n\n");
    return (cut < 0 ? note : note.substring(0, cut)).replace('\n', '|');
  }
}
