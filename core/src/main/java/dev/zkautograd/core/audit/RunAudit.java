package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFiles;
import dev.zkautograd.core.run.RunFindings;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.StepRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Audits a run directory: every check of {@link RunReader} (manifest and its signature, records,
 * chain, declaration, state chain, checkpoint, Merkle root, file list, anchors), then the anchors'
 * own state where given, whether the run is finished, every listed file's size and SHA-256, and for
 * the sampled steps each proof file's digest and the proof itself ({@code docs/verify.md}).
 *
 * <p>Unlike {@link RunReader#read(Path)}, which stops at the first failure, an audit goes on and
 * reports every check, so that one run of it shows everything that is wrong. Plain Java without
 * threads of its own (an {@link Executor} may be given for the proofs) so that the browser verifier
 * runs the same audit over the files it fetched.
 */
public final class RunAudit {
  private RunAudit() {}

  /** Audits the run in folder {@code dir}. */
  public static AuditReport audit(Path dir, AuditOptions options) throws CoreException {
    return audit(new DirectoryRunFiles(dir), options);
  }

  /**
   * Audits the run whose files {@code files} gives. Problems with the run are rows of the report, not
   * exceptions.
   *
   * @throws CoreException only if the audit itself cannot go on (interrupted while waiting for the
   *     executor)
   */
  public static AuditReport audit(RunFiles files, AuditOptions options) throws CoreException {
    Recorder rows = new Recorder();
    Run run = RunReader.read(files, options.pinnedKey(), rows);
    String key = options.pinnedKey() == null ? null : options.pinnedKey().encode();
    if (run == null) {
      for (RunCheck c : new RunCheck[] {RunCheck.ANCHOR_RECHECK, RunCheck.ATTESTATION, RunCheck.FINISHED, RunCheck.MANIFEST_FILES, RunCheck.PROOF_DIGEST,
          RunCheck.PROOF}) {
        rows.skipped(c, "the run did not read far enough (see the failures above)");
      }
      return new AuditReport(null, null, null, null, key, rows.results);
    }
    recheckAnchors(files, run, options.anchors(), rows);
    checkAttestation(run, options.attestation(), rows);
    checkFinished(run, options.allowOpen(), rows);

    AuditProgress progress = options.progress();
    progress.begin("hashing files", run.manifest().files().size());
    run.checkListedFiles(rows, progress::advance);
    progress.end();

    long n = run.steps().size();
    StepSample sample = options.k() == null ? StepSample.all(n) : StepSample.choose(n, options.k(), options.seed());
    checkProofs(run, sample, options, rows);
    return new AuditReport(run.manifest().spec().runId(), run.manifest().status().wire(), n, sample, key, rows.results);
  }

  /**
   * {@link RunCheck#ANCHOR_RECHECK}: for each anchor given, the last receipt of its kind in {@code
   * anchors.json} is the receipt the anchor itself holds for this run. This is what makes a receipt's
   * counter, time and reference more than the run's own claim; without anchors it is skipped.
   */
  private static void recheckAnchors(RunFiles files, Run run, List<Anchor> anchors, Recorder rows) throws CoreException {
    if (anchors.isEmpty()) {
      rows.skipped(RunCheck.ANCHOR_RECHECK, run.anchors().receipts().isEmpty() && !files.exists(RunLayout.ANCHORS)
          ? "no anchors to re-check"
          : "receipts not re-checked at their anchors (give the anchor, e.g. --anchor-dir for file-counter): beyond their tree "
              + "heads, their counters, times and references are the run's own claim");
      return;
    }
    String runId = run.manifest().spec().runId();
    List<AnchorReceipt> receipts = run.anchors().receipts();
    for (Anchor anchor : anchors) {
      int last = -1;
      for (int i = 0; i < receipts.size(); i++) {
        if (receipts.get(i).kind().equals(anchor.kind())) last = i;
      }
      try {
        AnchorReceipt held = anchor.latest(runId);
        AnchorReceipt recorded = last < 0 ? null : receipts.get(last);
        String field = last < 0 ? "anchors" : "anchors[" + last + "]";
        if (held == null && recorded == null) {
          rows.passed(RunCheck.ANCHOR_RECHECK, anchor.kind() + ": the anchor holds no head of this run, and anchors.json records none");
        } else if (held == null || !held.equals(recorded)) {
          throw CoreException.of(Reason.ANCHOR_REJECTED, held == null ? "anchors.json records a receipt that the anchor does not hold"
              : recorded == null ? "the anchor holds a head of this run that anchors.json does not record"
              : "anchors.json's last " + anchor.kind() + " receipt is not the one the anchor holds")
              .file(RunLayout.ANCHORS).field(field)
              .expected(held == null ? "no " + anchor.kind() + " receipt" : Json.writeString(held.toJson()))
              .actual(recorded == null ? "no " + anchor.kind() + " receipt" : Json.writeString(recorded.toJson())).build();
        } else {
          rows.passed(RunCheck.ANCHOR_RECHECK, anchor.kind() + " #" + held.counter() + " (tree size " + held.treeSize() + ", "
              + held.time().value() + ") is the receipt the anchor holds for this run");
        }
      } catch (CoreException e) {
        rows.failed(RunCheck.ANCHOR_RECHECK, e);
      }
    }
  }

  /**
   * {@link RunCheck#ATTESTATION}: the declared prover's attestation, with the verifier the auditor
   * configured. Without one it is skipped: the step signatures (checked by the reader) then show
   * only that the steps were signed by the key the manifest declares, not that it is an attested
   * prover's key.
   */
  private static void checkAttestation(Run run, AttestationVerifier verifier, Recorder rows) {
    var spec = run.manifest().spec();
    if (spec.prover() == null) {
      rows.skipped(RunCheck.ATTESTATION, "the run declares no attested prover: no attestation to check, and its steps are not signed");
    } else if (verifier == null) {
      rows.skipped(RunCheck.ATTESTATION, "no attestation trust root given (--trust-root): the " + spec.prover().kind()
          + " attestation was not checked, so the step signatures show only that one key, " + spec.prover().keyId()
          + ", signed every step, not that it belongs to an attested prover");
    } else {
      try {
        rows.passed(RunCheck.ATTESTATION, verifier.verify(spec.prover(), spec.runId(), spec.created()));
      } catch (CoreException e) {
        rows.failed(RunCheck.ATTESTATION, e.at(RunLayout.MANIFEST, null));
      }
    }
  }

  /** {@link RunCheck#FINISHED}: an open run's prefix was checked, but the run passes only with {@code allowOpen}. */
  private static void checkFinished(Run run, boolean allowOpen, Recorder rows) {
    long n = run.steps().size();
    if (run.finished()) {
      rows.passed(RunCheck.FINISHED, "status finished: " + n + " steps, no more to come");
    } else if (allowOpen) {
      rows.skipped(RunCheck.FINISHED, "the run is not finished (status open): its prefix of " + n + " steps was checked, as allowed");
    } else {
      rows.failed(RunCheck.FINISHED, CoreException.of(Reason.BAD_FIELD,
              "the run is not finished: only its prefix of " + n + " steps was checked (allow an open run to accept that)")
          .file(RunLayout.MANIFEST).field("status").expected("finished").actual("open").build());
    }
  }

  /** What checking the proofs of one step found. */
  private record StepProofs(List<AuditResult> failures, int files, int verified, int unverified) {}

  /** {@link RunCheck#PROOF_DIGEST} and {@link RunCheck#PROOF} for the sampled steps, in step order whatever the executor. */
  private static void checkProofs(Run run, StepSample sample, AuditOptions options, Recorder rows) throws CoreException {
    Backend backend = run.manifest().spec().backend();
    StepProofVerifier verifier = options.proofVerifier();
    boolean verify = verifier.supports(backend);
    List<Long> steps = sample.steps();
    StepProofs[] found = new StepProofs[steps.size()];
    AuditProgress progress = options.progress();
    progress.begin("checking proofs", steps.size());
    if (options.executor() == null) {
      for (int i = 0; i < steps.size(); i++) {
        found[i] = checkStep(run, run.steps().get((int) (long) steps.get(i)), verifier, verify);
        progress.advance();
      }
    } else {
      inParallel(options.executor(), steps.size(), i -> {
        found[i] = checkStep(run, run.steps().get((int) (long) steps.get(i)), verifier, verify);
        progress.advance();
      });
    }
    progress.end();

    int files = 0;
    int verified = 0;
    int unverified = 0;
    boolean digestsHold = true;
    boolean proofsHold = true;
    for (StepProofs s : found) {
      for (AuditResult r : s.failures()) {
        rows.results.add(r);
        digestsHold &= r.check() != RunCheck.PROOF_DIGEST;
        proofsHold &= r.check() != RunCheck.PROOF;
      }
      files += s.files();
      verified += s.verified();
      unverified += s.unverified();
    }
    String which = describe(sample, run.steps().size());
    if (steps.isEmpty()) {
      rows.skipped(RunCheck.PROOF_DIGEST, "no steps to check");
      rows.skipped(RunCheck.PROOF, "no steps to check");
      return;
    }
    if (digestsHold) {
      rows.passed(RunCheck.PROOF_DIGEST, files + " proof files of " + which + " match their records' proof_sha256");
    }
    if (!verify) {
      rows.skipped(RunCheck.PROOF, "no proof system for backend " + backend.wire() + " in this build: " + files + " proofs of " + which
          + " not verified");
    } else if (unverified > 0) {
      rows.skipped(RunCheck.PROOF, unverified + " of " + files + " proofs not verified: their files do not match their records");
    } else if (proofsHold) {
      rows.passed(RunCheck.PROOF, verified + " proofs of " + which + " verify");
    }
  }

  private static StepProofs checkStep(Run run, StepRecord r, StepProofVerifier verifier, boolean verify) {
    List<AuditResult> failures = new ArrayList<>();
    int verified = 0;
    int unverified = 0;
    for (ChunkEntry c : r.chunks()) {
      byte[] proof;
      try {
        proof = run.proof(r, c);
      } catch (CoreException e) {
        failures.add(AuditResult.fail(RunCheck.PROOF_DIGEST, e));
        unverified++;
        continue;
      }
      if (!verify) continue;
      try {
        verifier.verify(r, c, proof);
        verified++;
      } catch (CoreException e) {
        failures.add(AuditResult.fail(RunCheck.PROOF, e.at(c.proof().value(), r.step())));
      }
    }
    return new StepProofs(failures, r.chunks().size(), verified, verify ? unverified : 0);
  }

  private static String describe(StepSample sample, long total) {
    if (sample.isAll()) {
      return "all " + total + (total == 1 ? " step" : " steps");
    }
    return sample.steps().size() + " of " + total + " steps sampled with seed " + sample.seed();
  }

  /** A task over index {@code i}. */
  private interface IndexTask {
    void run(int i);
  }

  /** Runs {@code task(0..count-1)} on {@code executor} and waits for all; a task's unchecked exception is rethrown here. */
  private static void inParallel(Executor executor, int count, IndexTask task) throws CoreException {
    Object lock = new Object();
    int[] remaining = {count};
    RuntimeException[] crash = {null};
    for (int i = 0; i < count; i++) {
      int at = i;
      executor.execute(() -> {
        try {
          task.run(at);
        } catch (RuntimeException e) {
          synchronized (lock) {
            if (crash[0] == null) crash[0] = e;
          }
        } finally {
          synchronized (lock) {
            remaining[0]--;
            lock.notifyAll();
          }
        }
      });
    }
    synchronized (lock) {
      while (remaining[0] > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CoreException.of(Reason.IO, "interrupted while waiting for the proof checks").build(e);
        }
      }
      if (crash[0] != null) throw crash[0];
    }
  }

  /** Collects findings as report rows. */
  private static final class Recorder implements RunFindings {
    final List<AuditResult> results = new ArrayList<>();

    @Override
    public void passed(RunCheck check, String detail) {
      results.add(AuditResult.pass(check, detail));
    }

    @Override
    public void failed(RunCheck check, CoreException problem) {
      results.add(AuditResult.fail(check, problem));
    }

    @Override
    public void skipped(RunCheck check, String why) {
      results.add(AuditResult.skip(check, why));
    }
  }
}
