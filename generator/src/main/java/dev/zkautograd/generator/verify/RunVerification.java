package dev.zkautograd.generator.verify;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditProgress;
import dev.zkautograd.core.audit.AttestationVerifier;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.run.AnchorResolver;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The full verification of a run directory, exactly as {@code zk-autograd verify} makes it: {@link
 * RunAudit} with the STARK {@link StepProofVerifier}, the proofs checked on a pool of threads. The
 * command and the companion's {@code /api/runs/{id}/verify} both call this, so they cannot drift apart.
 */
public final class RunVerification {
  private final StepProofVerifier proofs;
  private final int threads;

  /**
   * @param threads threads that check proofs, at least 1
   */
  public RunVerification(StepProofVerifier proofs, int threads) {
    if (threads < 1) throw new IllegalArgumentException("at least one thread, not " + threads);
    this.proofs = proofs;
    this.threads = threads;
  }

  /** The STARK verifier at its default policy (at least 100 proven bits). */
  public static RunVerification stark(int threads) {
    return new RunVerification(RecordedStepVerifier.stark(), threads);
  }

  /**
   * What is asked of one verification.
   *
   * @param k check the proofs of this many steps drawn with {@code seed}, or null for all
   * @param seed the seed of the draw; required when {@code k} is given (the caller draws a random one and reports it)
   * @param pinnedKey the run key the auditor trusts, or null for the key the run names
   * @param allowOpen whether an unfinished run may pass
   * @param anchorDir a file-counter anchor folder to re-check receipts against, or null
   * @param torrent a .torrent file to check against the run, or null
   * @param attestation checks the declared prover's attestation (configured with a trust root), or null to skip it
   * @param anchorResolver finds the anchor each receipt kind in anchors.json names, to ask it (file counter, DynamoDB,
   *     object store, EVM chain), or null to ask none but the {@code anchorDir} one
   */
  public record Request(Long k, long seed, NoteVerifier pinnedKey, boolean allowOpen, Path anchorDir, Path torrent,
      AttestationVerifier attestation, AnchorResolver anchorResolver) {
    public Request {
      if (k != null && k < 1) throw new IllegalArgumentException("k must be at least 1, not " + k);
    }

    /** As the canonical constructor, asking no anchor but the {@code anchorDir} one. */
    public Request(Long k, long seed, NoteVerifier pinnedKey, boolean allowOpen, Path anchorDir, Path torrent,
        AttestationVerifier attestation) {
      this(k, seed, pinnedKey, allowOpen, anchorDir, torrent, attestation, null);
    }

    /** Every proof, the run's own key, a finished run, no anchor re-check. */
    public static Request all() {
      return new Request(null, 0, null, false, null, null, null, null);
    }

    /** {@code k} proofs drawn with {@code seed}, otherwise as {@link #all()}. */
    public static Request sample(long k, long seed) {
      return new Request(k, seed, null, false, null, null, null, null);
    }
  }

  /** The proof verifier in use. */
  public StepProofVerifier proofs() {
    return proofs;
  }

  /** Audits the run in {@code run}; problems with the run are rows of the report. */
  public AuditReport audit(Path run, Request request, AuditProgress progress) throws CoreException {
    AuditOptions.Builder options = AuditOptions.builder().proofVerifier(proofs).allowOpen(request.allowOpen()).progress(progress);
    if (request.pinnedKey() != null) options.pinnedKey(request.pinnedKey());
    if (request.attestation() != null) options.attestation(request.attestation());
    if (request.k() != null) options.sample(request.k(), request.seed());
    // Given explicitly, the file counter is asked even when anchors.json records no receipt of its kind:
    // a head it holds that the run does not record is a mismatch too.
    if (request.anchorDir() != null) options.anchors(List.of(new FileCounterAnchor(request.anchorDir())));
    if (request.anchorResolver() != null) options.anchorResolver(request.anchorResolver());
    if (request.torrent() != null) {
      try {
        options.torrent(request.torrent().getFileName().toString(), Files.readAllBytes(request.torrent()));
      } catch (IOException e) {
        throw CoreException.of(CoreException.Reason.IO, "cannot read the torrent file").file(request.torrent().toString()).build(e);
      }
    }
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, RunVerification::daemon) : null;
    try {
      return RunAudit.audit(run, options.executor(pool).build());
    } finally {
      if (pool != null) pool.shutdownNow();
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "zk-verify-proofs");
    t.setDaemon(true);
    return t;
  }
}
