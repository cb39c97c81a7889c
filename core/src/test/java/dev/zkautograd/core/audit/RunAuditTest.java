package dev.zkautograd.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFixtures;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.RunWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class RunAuditTest {
  static final Path RUNS = Path.of("src/test/resources/vectors/run");
  static final String VECTOR_RUN = "run-20261124-101500";
  static final NoteVerifier VECTOR_KEY = RunFixtures.signer(VECTOR_RUN, 1).verifier();

  private static AuditResult only(AuditReport report, RunCheck check) {
    List<AuditResult> rows = report.results().stream().filter(r -> r.check() == check).toList();
    assertEquals(1, rows.size(), check + " has one row: " + rows);
    return rows.get(0);
  }

  @Test
  void golden_run_passes_and_says_what_it_did_not_check() throws Exception {
    AuditReport report = RunAudit.audit(RUNS.resolve("golden-run"), AuditOptions.defaults());
    assertTrue(report.passed(), () -> report.failures().toString());
    assertEquals(VECTOR_RUN, report.runId());
    assertEquals(3L, report.steps());
    assertEquals("finished", report.status());
    for (RunCheck c : RunCheck.values()) {
      // The light auditor's log proofs are made only when asked for (AuditOptions.logProofs, LogProofsTest).
      boolean asked = c != RunCheck.INCLUSION && c != RunCheck.CONSISTENCY;
      assertEquals(asked, report.results().stream().anyMatch(r -> r.check() == c), "every check has a row: " + c);
    }
    assertEquals(Outcome.SKIP, only(report, RunCheck.KEY).outcome());
    assertEquals(Outcome.SKIP, only(report, RunCheck.ANCHOR_RECHECK).outcome());
    AuditResult proofs = only(report, RunCheck.PROOF);
    assertEquals(Outcome.SKIP, proofs.outcome(), "no proof system is never a pass");
    assertTrue(proofs.detail().contains("no proof system for backend stark"), proofs.detail());
    assertEquals(Outcome.PASS, only(report, RunCheck.PROOF_DIGEST).outcome());
    assertEquals(Outcome.PASS, only(report, RunCheck.MANIFEST_SIGNATURE).outcome());
    assertEquals(report.results().size(), report.count(Outcome.PASS) + report.count(Outcome.SKIP));
  }

  /** The audit's first failure is the one the fail-fast reader throws: one routine per check, in one order. */
  @TestFactory
  Stream<DynamicTest> every_broken_vector_fails_first_with_its_reason() throws IOException {
    try (Stream<Path> s = Files.list(RUNS)) {
      return s.sorted().filter(p -> reason(p) != null).toList().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
        AuditReport report = RunAudit.audit(p, AuditOptions.defaults());
        assertFalse(report.passed());
        AuditResult first = report.failures().get(0);
        assertEquals(reason(p), first.reason(), first.text());
        assertNotNull(first.file(), first.text());
        CoreException thrown = assertThrows(CoreException.class, () -> RunReader.read(p).checkFiles());
        assertEquals(thrown.getMessage(), first.text());
      }));
    }
  }

  private static Reason reason(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? null : Reason.valueOf(n.substring(dot + 1));
  }

  @Test
  void reports_every_problem_not_only_the_first() throws Exception {
    AuditReport swapped = RunAudit.audit(RUNS.resolve("steps-swapped.STEP_SEQUENCE"), AuditOptions.defaults());
    List<AuditResult> sequence = swapped.failures().stream().filter(r -> r.check() == RunCheck.SEQUENCE).toList();
    assertEquals(2, sequence.size(), sequence.toString());
    assertEquals(2L, sequence.get(0).step());
    assertEquals("steps.jsonl", sequence.get(0).file());
    assertEquals("step", sequence.get(0).field());
    assertEquals("1", sequence.get(0).expected());
    assertEquals("2", sequence.get(0).found());
    assertTrue(swapped.failures().stream().anyMatch(r -> r.check() == RunCheck.MERKLE_ROOT), "and the root no longer matches");
  }

  @Test
  void a_pinned_key_is_checked_and_another_key_fails_every_signature() throws Exception {
    AuditReport right = RunAudit.audit(RUNS.resolve("golden-run"), AuditOptions.builder().pinnedKey(VECTOR_KEY).build());
    assertTrue(right.passed());
    assertEquals(Outcome.PASS, only(right, RunCheck.KEY).outcome());
    assertEquals(VECTOR_KEY.encode(), right.pinnedKey());

    NoteVerifier other = RunFixtures.signer(VECTOR_RUN, 2).verifier();
    AuditReport wrong = RunAudit.audit(RUNS.resolve("golden-run"), AuditOptions.builder().pinnedKey(other).build());
    assertFalse(wrong.passed());
    assertEquals(List.of(RunCheck.KEY, RunCheck.MANIFEST_SIGNATURE, RunCheck.CHECKPOINT_SIGNATURE),
        wrong.failures().stream().map(AuditResult::check).toList());
    assertEquals("log.verifier_key", wrong.failures().get(0).field());
    assertEquals(Outcome.SKIP, only(wrong, RunCheck.CHECKPOINT).outcome(), "an unverified checkpoint body is not compared");
    // The fail-fast reader refuses the same run with the pinned key.
    assertEquals(Reason.SIGNATURE_INVALID, assertThrows(CoreException.class, () -> RunReader.read(RUNS.resolve("golden-run"), other)).reason());
  }

  @Test
  void proofs_go_to_the_verifier_and_a_rejected_one_names_file_and_step() throws Exception {
    StepProofVerifier rejectsStep1 = (record, chunk, proof) -> {
      assertEquals(256, proof.length);
      if (record.step() == 1 && chunk.index() == 1) {
        throw CoreException.of(Reason.PROOF_INVALID, "FRI query 3 does not open to the committed root").field("fri.queries[3]").build();
      }
    };
    AuditReport report = RunAudit.audit(RUNS.resolve("golden-run-chunked"), AuditOptions.builder().proofVerifier(rejectsStep1).build());
    assertEquals(1, report.failures().size());
    AuditResult f = report.failures().get(0);
    assertEquals(RunCheck.PROOF, f.check());
    assertEquals(Reason.PROOF_INVALID, f.reason());
    assertEquals(1L, f.step());
    assertEquals("proofs/step_00001/chunk_001.proof", f.file());
    assertEquals("fri.queries[3]", f.field());

    AuditReport ok = RunAudit.audit(RUNS.resolve("golden-run-chunked"), AuditOptions.builder().proofVerifier((r, c, p) -> {}).build());
    assertTrue(ok.passed());
    assertEquals(Outcome.PASS, only(ok, RunCheck.PROOF).outcome());
    assertTrue(only(ok, RunCheck.PROOF).detail().startsWith("6 proofs of all 3 steps verify"), only(ok, RunCheck.PROOF).detail());
  }

  @Test
  void an_executor_gives_the_same_report_in_the_same_order() throws Exception {
    StepProofVerifier rejectsOdd = (r, c, p) -> {
      if (r.step() % 2 == 1) throw CoreException.of(Reason.PROOF_INVALID, "odd").build();
    };
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      AuditOptions.Builder b = AuditOptions.builder().proofVerifier(rejectsOdd);
      AuditReport serial = RunAudit.audit(RUNS.resolve("golden-run-chunked"), b.build());
      AuditReport parallel = RunAudit.audit(RUNS.resolve("golden-run-chunked"), b.executor(pool).build());
      assertEquals(serial, parallel);
      assertEquals(2, parallel.failures().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_sample_is_seeded_and_reported() throws Exception {
    AuditOptions k2 = AuditOptions.builder().sample(2, 42).build();
    AuditReport a = RunAudit.audit(RUNS.resolve("golden-run"), k2);
    AuditReport b = RunAudit.audit(RUNS.resolve("golden-run"), k2);
    assertEquals(a, b);
    assertEquals(2, a.sample().steps().size());
    assertEquals(42, a.sample().seed());
    assertTrue(only(a, RunCheck.PROOF_DIGEST).detail().contains("2 of 3 steps sampled with seed 42"));
    assertEquals(3, RunAudit.audit(RUNS.resolve("golden-run"), AuditOptions.builder().sample(10, 1).build()).sample().steps().size());
    assertThrows(IllegalArgumentException.class, () -> AuditOptions.builder().sample(0, 1));
  }

  @Test
  void an_open_run_fails_unless_allowed_and_its_prefix_is_checked() throws Exception {
    AuditReport strict = RunAudit.audit(RUNS.resolve("crashed-run"), AuditOptions.defaults());
    assertEquals(List.of(RunCheck.FINISHED), strict.failures().stream().map(AuditResult::check).toList());
    assertEquals("status", strict.failures().get(0).field());
    assertEquals(2L, strict.steps());
    assertTrue(only(strict, RunCheck.RECORDS).detail().contains("torn last line"));
    AuditReport allowed = RunAudit.audit(RUNS.resolve("crashed-run"), AuditOptions.builder().allowOpen(true).build());
    assertTrue(allowed.passed());
    assertEquals(Outcome.SKIP, only(allowed, RunCheck.FINISHED).outcome());
  }

  @Test
  void receipts_are_rechecked_at_the_anchor(@TempDir Path tmp) throws Exception {
    String runId = "run-audit";
    Path dir = tmp.resolve(runId);
    FileCounterAnchor anchor = new FileCounterAnchor(tmp.resolve("anchor"), Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    try (RunWriter w = RunWriter.create(dir, RunFixtures.spec(runId, 2), RunFixtures.signer(runId, 3))) {
      RunFixtures.writeSteps(w, 4, 32);
      w.finish(anchor);
    }
    AuditOptions recheck = AuditOptions.builder().anchors(List.of(anchor)).build();
    AuditReport ok = RunAudit.audit(dir, recheck);
    assertTrue(ok.passed(), () -> ok.failures().toString());
    assertEquals(Outcome.PASS, only(ok, RunCheck.ANCHOR_RECHECK).outcome());

    Path anchors = dir.resolve(RunLayout.ANCHORS);
    String original = Files.readString(anchors);
    Files.writeString(anchors, original.replace("2026-11-24T12:00:00Z", "2026-11-24T11:00:00Z"));
    assertTrue(RunAudit.audit(dir, AuditOptions.defaults()).passed(), "without the anchor an edited time goes unnoticed...");
    AuditResult edited = RunAudit.audit(dir, recheck).failures().get(0);
    assertEquals(RunCheck.ANCHOR_RECHECK, edited.check());
    assertEquals(RunLayout.ANCHORS, edited.file());
    assertEquals("anchors[0]", edited.field());

    Files.delete(anchors);
    AuditResult dropped = RunAudit.audit(dir, recheck).failures().get(0);
    assertEquals(Reason.ANCHOR_REJECTED, dropped.reason());
    assertTrue(dropped.detail().contains("does not record"), dropped.detail());
    Files.writeString(anchors, original, StandardCharsets.UTF_8);
  }

  @Test
  void receipts_are_rechecked_where_the_resolver_finds_them_and_unreachable_is_a_skip(@TempDir Path tmp) throws Exception {
    String runId = "run-resolved";
    Path dir = tmp.resolve(runId);
    FileCounterAnchor anchor = new FileCounterAnchor(tmp.resolve("anchor"));
    try (RunWriter w = RunWriter.create(dir, RunFixtures.spec(runId, 2), RunFixtures.signer(runId, 3))) {
      RunFixtures.writeSteps(w, 3, 16);
      w.finish(anchor);
    }
    AuditResult found = only(RunAudit.audit(dir, AuditOptions.builder().anchorResolver(r -> anchor).build()), RunCheck.ANCHOR_RECHECK);
    assertEquals(Outcome.PASS, found.outcome());
    assertTrue(found.detail().startsWith("file-counter: anchored: #1"), found.detail());

    AuditReport unreachable = RunAudit.audit(dir, AuditOptions.builder().anchorResolver(r -> {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "connection refused").build();
    }).build());
    AuditResult skip = only(unreachable, RunCheck.ANCHOR_RECHECK);
    assertEquals(Outcome.SKIP, skip.outcome(), "not reachable is not a pass");
    assertTrue(skip.detail().contains("file-counter: not reachable: connection refused"), skip.detail());

    AuditResult noClient = only(RunAudit.audit(dir, AuditOptions.builder().anchorResolver(r -> null).build()), RunCheck.ANCHOR_RECHECK);
    assertEquals(Outcome.SKIP, noClient.outcome());

    // An anchor that now holds a later head than the one recorded: a mismatch, never a pass.
    anchor.anchor(new dev.zkautograd.core.run.AnchorRequest(runId, 3, anchor.latest(runId).root(), null));
    AuditReport moved = RunAudit.audit(dir, AuditOptions.builder().anchorResolver(r -> anchor).build());
    assertFalse(moved.passed());
    assertTrue(only(moved, RunCheck.ANCHOR_RECHECK).detail().startsWith("mismatch:"), moved.failures().toString());
  }

  @Test
  void a_missing_manifest_skips_what_depends_on_it(@TempDir Path tmp) throws Exception {
    AuditReport r = RunAudit.audit(tmp, AuditOptions.defaults());
    assertEquals(List.of(RunCheck.MANIFEST), r.failures().stream().map(AuditResult::check).toList());
    assertEquals(Reason.IO, r.failures().get(0).reason());
    assertEquals(RunCheck.values().length - 2, r.results().size(), "one row per check but the log proofs not asked for");
    AuditReport withLogProofs = RunAudit.audit(tmp, AuditOptions.builder().logProofs(List.of()).build());
    assertEquals(RunCheck.values().length, withLogProofs.results().size(), "one row per check");
  }
}
