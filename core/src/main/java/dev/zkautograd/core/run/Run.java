package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run directory as read by {@link RunReader}: typed values whose mutual consistency has been
 * checked (chain, sequence, state chain, roots, checkpoint signature, anchors). Proof files are
 * checked against their digests only by {@link #checkFiles()}, because that reads every byte.
 *
 * @param checkpointSize the tree size the checkpoint commits to: the number of records, or for an
 *     open run possibly one less (the writer had appended a record but not yet re-signed)
 * @param anchors the receipts of {@code anchors.json}; {@link Anchors#NONE} where there is no such file
 */
public record Run(Path dir, RunManifest manifest, StepLog log, Digest merkleRoot, SignedNote checkpoint, long checkpointSize, Anchors anchors) {

  public List<StepRecord> steps() {
    return log.records();
  }

  public boolean finished() {
    return manifest.status() == RunManifest.Status.FINISHED;
  }

  /**
   * Hashes every proof file and compares it with its record (and, for a finished run, every file
   * with the manifest): DIGEST_MISMATCH names the file and step, IO a missing file.
   */
  public void checkFiles() throws CoreException {
    Map<String, Digest> hashed = new HashMap<>();
    for (StepRecord r : steps()) {
      for (ChunkEntry c : r.chunks()) {
        Digest got = hash(c.proof(), hashed, r.step());
        if (!got.equals(c.proofSha256())) {
          throw CoreException.of(Reason.DIGEST_MISMATCH, "proof file does not match its record").file(c.proof().value())
              .step(r.step()).field("chunks[" + c.index() + "].proof_sha256").expected(c.proofSha256()).actual(got).build();
        }
      }
    }
    for (RunManifest.FileEntry f : manifest.files()) {
      Digest got = hash(f.path(), hashed, null);
      if (!got.equals(f.sha256())) {
        throw CoreException.of(Reason.DIGEST_MISMATCH, "file does not match run_manifest.json").file(f.path().value())
            .field("files").expected(f.sha256()).actual(got).build();
      }
    }
  }

  private Digest hash(RelativePath p, Map<String, Digest> cache, Long step) throws CoreException {
    Digest d = cache.get(p.value());
    if (d == null) {
      Path file = dir.resolve(p.value());
      if (!Files.isRegularFile(file)) {
        throw CoreException.of(Reason.IO, "file is missing").file(p.value()).build().at(null, step);
      }
      d = DurableFiles.sha256(file, p.value());
      cache.put(p.value(), d);
    }
    return d;
  }
}
