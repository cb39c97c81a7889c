package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorResolver;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.PayloadTorrent;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFiles;
import dev.zkautograd.core.run.RunFindings;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.torrent.TorrentFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Audits a run directory: every check of {@link RunReader} (manifest and its signature, records,
 * chain, declaration, state chain, checkpoint, Merkle root, file list, anchors), then the anchors'
 * own state where given, whether the run is finished, every listed file's size and SHA-256, and for
 * the sampled steps each proof file's digest and the proof itself ({@code docs/verify.md}).
 *
 * <p>Unlike {@link RunReader#read(Path)}, which stops at the first failure, an audit goes on and
 * reports every check, so that one run of it shows everything that is wrong. Plain Java without
 * threads of its own (an executor may be given for the proofs, {@link AuditOptions.Builder#executor})
 * so that the browser verifier runs the same audit over the files it fetched.
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
      for (RunCheck c : new RunCheck[] {RunCheck.ANCHOR_RECHECK, RunCheck.ATTESTATION, RunCheck.FINISHED, RunCheck.MANIFEST_FILES, RunCheck.TORRENT,
          RunCheck.PROOF_DIGEST, RunCheck.PROOF}) {
        rows.skipped(c, "the run did not read far enough (see the failures above)");
      }
      if (options.earlierHeads() != null) {
        rows.skipped(RunCheck.INCLUSION, "the run did not read far enough (see the failures above)");
        rows.skipped(RunCheck.CONSISTENCY, "the run did not read far enough (see the failures above)");
      }
      return new AuditReport(null, null, null, null, key, rows.results);
    }
    recheckAnchors(files, run, options, rows);
    checkAttestation(run, options.attestation(), rows);
    checkFinished(run, options.allowOpen(), rows);

    AuditProgress progress = options.progress();
    progress.begin("hashing files", run.manifest().files().size());
    run.checkListedFiles(rows, progress::advance);
    progress.end();
    checkTorrent(run, options.torrent(), rows);

    long n = run.steps().size();
    StepSample sample = options.steps() != null ? StepSample.named(n, options.steps())
        : options.k() == null ? StepSample.all(n) : StepSample.choose(n, options.k(), options.seed());
    if (options.steps() != null) {
      for (long t : options.steps()) {
        if (!sample.steps().contains(t)) {
          rows.failed(RunCheck.PROOF_DIGEST, CoreException.of(Reason.STEP_SEQUENCE, "the step asked for is not in steps.jsonl")
              .file(RunLayout.STEPS).step(t).field("step").expected("a step in 0.." + (n - 1)).actual(t).build());
        }
      }
    }
    checkProofs(run, sample, options, rows);
    if (options.earlierHeads() != null) {
      LogProofs.checkInclusion(run, sample.steps(), rows);
      LogProofs.checkConsistency(run, options.earlierHeads(), rows);
    }
    return new AuditReport(run.manifest().spec().runId(), run.manifest().status().wire(), n, sample, key, rows.results);
  }

  /**
   * {@link RunCheck#ANCHOR_RECHECK}: for each anchor kind that {@code anchors.json} records (or that
   * is given), the last receipt of that kind is the receipt the anchor itself holds for this run. This
   * is what makes a receipt's counter, time and reference more than the run's own claim. One row per
   * kind: PASS "anchored", FAIL "mismatch", SKIP "not reachable" (with the reason) or no client.
   */
  private static void recheckAnchors(RunFiles files, Run run, AuditOptions options, Recorder rows) {
    List<AnchorReceipt> receipts = run.anchors().receipts();
    Map<String, Anchor> given = new LinkedHashMap<>();
    for (Anchor a : options.anchors()) given.putIfAbsent(a.kind(), a);
    Map<String, Integer> lastOfKind = new LinkedHashMap<>();
    for (int i = 0; i < receipts.size(); i++) lastOfKind.put(receipts.get(i).kind(), i);
    Set<String> kinds = new LinkedHashSet<>(lastOfKind.keySet());
    kinds.addAll(given.keySet());
    if (kinds.isEmpty()) {
      rows.skipped(RunCheck.ANCHOR_RECHECK, files.exists(RunLayout.ANCHORS) ? "anchors.json records no receipts" : "no anchors to re-check");
      return;
    }
    if (given.isEmpty() && options.anchorResolver() == AnchorResolver.NONE) {
      rows.skipped(RunCheck.ANCHOR_RECHECK, "receipts not re-checked at their anchors (give the anchor, e.g. --anchor-dir for "
          + "file-counter): beyond their tree heads, their counters, times and references are the run's own claim");
      return;
    }
    String runId = run.manifest().spec().runId();
    for (String kind : kinds) {
      Integer last = lastOfKind.get(kind);
      AnchorReceipt recorded = last == null ? null : receipts.get(last);
      String field = last == null ? "anchors" : "anchors[" + last + "]";
      try {
        Anchor anchor = given.containsKey(kind) ? given.get(kind) : options.anchorResolver().resolve(recorded);
        if (anchor == null) {
          rows.skipped(RunCheck.ANCHOR_RECHECK, kind + ": not re-checked: this build has no client for anchors of this kind");
          continue;
        }
        AnchorReceipt held = anchor.latest(runId);
        if (held == null && recorded == null) {
          rows.passed(RunCheck.ANCHOR_RECHECK, kind + ": the anchor holds no head of this run, and anchors.json records none");
        } else if (held == null || !held.equals(recorded)) {
          throw CoreException.of(Reason.ANCHOR_REJECTED, "mismatch: " + (held == null ? "anchors.json records a receipt that the anchor does not hold"
              : recorded == null ? "the anchor holds a head of this run that anchors.json does not record"
              : "anchors.json's last " + kind + " receipt is not the one the anchor holds"))
              .file(RunLayout.ANCHORS).field(field)
              .expected(held == null ? "no " + kind + " receipt" : Json.writeString(held.toJson()))
              .actual(recorded == null ? "no " + kind + " receipt" : Json.writeString(recorded.toJson())).build();
        } else {
          rows.passed(RunCheck.ANCHOR_RECHECK, kind + ": anchored: #" + held.counter() + " (tree size " + held.treeSize() + ", "
              + held.time().value() + ") is the receipt the anchor holds for this run");
        }
      } catch (CoreException e) {
        if (e.reason() == Reason.ANCHOR_UNREACHABLE) {
          rows.skipped(RunCheck.ANCHOR_RECHECK, kind + ": not reachable: " + e.getMessage());
        } else {
          rows.failed(RunCheck.ANCHOR_RECHECK, e.at(RunLayout.ANCHORS, null));
        }
      }
    }
  }

  /**
   * {@link RunCheck#TORRENT}: the info-hash the manifest records is that of the torrent of the files
   * it lists ({@link PayloadTorrent}), its magnet link names that hash, and a torrent file given has
   * exactly that info dictionary. A manifest without a torrent (written before runs sealed one) or an
   * open run: skipped.
   */
  private static void checkTorrent(Run run, AuditOptions.TorrentSource given, RunFindings rows) throws CoreException {
    RunManifest m = run.manifest();
    if (!run.finished()) {
      rows.skipped(RunCheck.TORRENT, "the run is open: its torrent is made when it is finished");
      return;
    }
    if (m.torrent() == null) {
      rows.skipped(RunCheck.TORRENT, "run_manifest.json names no torrent" + (given == null ? "" : ", so " + given.name() + " is not checked"));
      return;
    }
    long missing = m.files().stream().filter(f -> !run.files().covers(f.path().value())).count();
    if (missing > 0) {
      // The info-hash is over every listed file's bytes: a view of some of them cannot recompute it.
      rows.skipped(RunCheck.TORRENT, "a partial view of the run: the info-hash covers every listed file and " + missing
          + " of them were not fetched, so it is checked where all are");
      return;
    }
    String want = m.torrent().infoHash();
    String detail;
    try {
      String actual = PayloadTorrent.of(m.spec().runId(), m.files(), run.files()).infoHash();
      if (!actual.equals(want)) {
        throw CoreException.of(Reason.DIGEST_MISMATCH, "the torrent of the listed files has another info-hash than run_manifest.json records")
            .file(RunLayout.MANIFEST).field("torrent.info_hash").expected(actual).actual(want).build();
      }
      if (!m.torrent().magnet().contains("xt=urn:btih:" + want)) {
        throw CoreException.of(Reason.BAD_FIELD, "the magnet link does not name the run's info-hash").file(RunLayout.MANIFEST)
            .field("torrent.magnet").expected("xt=urn:btih:" + want).actual(m.torrent().magnet()).build();
      }
      detail = "info-hash " + want + " is that of the " + m.files().size() + " listed files";
      if (given != null) {
        TorrentFile t;
        try {
          t = TorrentFile.parse(given.bytes());
        } catch (CoreException e) {
          throw e.at(given.name(), null);
        }
        if (!t.infoHash().equals(want)) {
          throw CoreException.of(Reason.DIGEST_MISMATCH, "the torrent file is not the run's torrent").file(given.name()).field("info")
              .expected("info-hash " + want).actual("info-hash " + t.infoHash()).build();
        }
        detail += "; " + given.name() + " has it" + (t.webSeeds().isEmpty() ? "" : ", web seed " + String.join(", ", t.webSeeds()));
      }
    } catch (CoreException e) {
      rows.failed(RunCheck.TORRENT, e);
      return;
    }
    rows.passed(RunCheck.TORRENT, detail);
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
    options.stepTasks().run(steps.size(), i -> {
      found[i] = checkStep(run, run.steps().get((int) (long) steps.get(i)), verifier, verify);
      progress.advance();
    });
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
    if (sample.named()) {
      return (sample.steps().size() == 1 ? "step " : "steps ") + joined(sample.steps()) + " of " + total;
    }
    return sample.steps().size() + " of " + total + " steps sampled with seed " + sample.seed();
  }

  private static String joined(List<Long> steps) {
    StringBuilder b = new StringBuilder();
    for (long t : steps) b.append(b.length() == 0 ? "" : ", ").append(t);
    return b.toString();
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
