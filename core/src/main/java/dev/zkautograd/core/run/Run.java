package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run directory as read by {@link RunReader}: typed values whose mutual consistency has been
 * checked (chain, sequence, state chain, roots, signatures, anchors). File contents are checked
 * against their digests only by {@link #checkFiles()} (or, one check at a time, {@link
 * #checkListedFiles} and {@link #proof}), because that reads every byte.
 *
 * <p>A run read by {@link RunReader#read(java.nio.file.Path)} has every component. One read with a
 * sink that records failures ({@link RunReader#read(RunFiles, dev.zkautograd.core.checkpoint.NoteVerifier,
 * RunFindings)}) may lack those whose file failed: {@code merkleRoot} and {@code checkpoint} are then
 * null and {@code checkpointSize} is -1.
 *
 * @param checkpointSize the tree size the checkpoint commits to: the number of records, or for an
 *     open run possibly one less (the writer had appended a record but not yet re-signed)
 * @param anchors the receipts of {@code anchors.json}; {@link Anchors#NONE} where there is no such file
 */
public record Run(RunFiles files, RunManifest manifest, StepLog log, Digest merkleRoot, SignedNote checkpoint, long checkpointSize,
    Anchors anchors) {

  /** Largest proof file {@link #proof} reads into memory. */
  public static final int MAX_PROOF_BYTES = Integer.MAX_VALUE - 8;

  public List<StepRecord> steps() {
    return log.records();
  }

  public boolean finished() {
    return manifest.status() == RunManifest.Status.FINISHED;
  }

  /**
   * Checks every file the manifest lists, then hashes every proof file and compares it with its
   * record (the order of the audit): DIGEST_MISMATCH names the file and step, IO a missing file.
   */
  public void checkFiles() throws CoreException {
    Map<String, Digest> hashed = new HashMap<>();
    checkListedFiles(RunFindings.FAIL_FAST, hashed, null);
    for (StepRecord r : steps()) {
      for (ChunkEntry c : r.chunks()) {
        c.checkProof(r.step(), hash(c.proof().value(), hashed, r.step(), "chunks[" + c.index() + "].proof"));
      }
    }
  }

  /**
   * {@link RunCheck#MANIFEST_FILES}: every file {@code run_manifest.json} lists has the listed size and
   * SHA-256; each one that does not is reported. {@code afterEachFile} (may be null) is told of
   * progress. An open run lists no files yet: skipped.
   */
  public void checkListedFiles(RunFindings out, Runnable afterEachFile) throws CoreException {
    checkListedFiles(out, new HashMap<>(), afterEachFile);
  }

  private void checkListedFiles(RunFindings out, Map<String, Digest> hashed, Runnable afterEachFile) throws CoreException {
    if (!finished()) {
      out.skipped(RunCheck.MANIFEST_FILES, "the run is open: " + RunLayout.MANIFEST + " lists its files once the run is finished");
      return;
    }
    boolean allHold = true;
    int notCovered = 0;
    for (RunManifest.FileEntry f : manifest.files()) {
      if (!files.covers(f.path().value())) {
        notCovered++; // a partial view (the browser's) checks what it fetched
        continue;
      }
      try {
        requirePresent(f.path().value(), null, "files");
        long size = files.size(f.path().value());
        if (size != f.size()) {
          throw CoreException.of(Reason.DIGEST_MISMATCH, "file size differs from run_manifest.json").file(f.path().value())
              .field("files").expected(f.size() + " bytes").actual(size + " bytes").build();
        }
        Digest got = hash(f.path().value(), hashed, null, "files");
        if (!got.equals(f.sha256())) {
          throw CoreException.of(Reason.DIGEST_MISMATCH, "file does not match run_manifest.json").file(f.path().value())
              .field("files").expected(f.sha256()).actual(got).build();
        }
      } catch (CoreException e) {
        allHold = false;
        out.failed(RunCheck.MANIFEST_FILES, e);
      }
      if (afterEachFile != null) afterEachFile.run();
    }
    if (allHold) {
      int n = manifest.files().size();
      out.passed(RunCheck.MANIFEST_FILES, notCovered == 0 ? n + " listed files, each with the listed size and SHA-256"
          : (n - notCovered) + " of " + n + " listed files fetched, each with the listed size and SHA-256 (the other " + notCovered
              + " were not fetched, so not checked)");
    }
  }

  /**
   * Reads the proof file of chunk {@code c} of step {@code r} and checks it against the record's
   * {@code proof_sha256}: the bytes a proof verifier may then be given.
   *
   * @throws CoreException IO for a missing file, DIGEST_MISMATCH naming the file, step and field
   */
  public byte[] proof(StepRecord r, ChunkEntry c) throws CoreException {
    String path = c.proof().value();
    requirePresent(path, r.step(), "chunks[" + c.index() + "].proof");
    byte[] bytes = files.read(path, MAX_PROOF_BYTES);
    c.checkProof(r.step(), Digest.sha256(bytes));
    return bytes;
  }

  private Digest hash(String path, Map<String, Digest> cache, Long step, String field) throws CoreException {
    Digest d = cache.get(path);
    if (d == null) {
      requirePresent(path, step, field);
      d = files.sha256(path);
      cache.put(path, d);
    }
    return d;
  }

  /** IO naming the missing file and the field that names it ({@code files} of the manifest, a chunk's {@code proof}). */
  private void requirePresent(String path, Long step, String field) throws CoreException {
    if (!files.exists(path)) {
      throw CoreException.of(Reason.IO, "file is missing").file(path).field(field).expected("a file at " + path).actual("no such file")
          .build().at(null, step);
    }
  }
}
