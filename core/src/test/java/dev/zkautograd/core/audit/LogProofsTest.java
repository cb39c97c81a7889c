package dev.zkautograd.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.MemoryRunFiles;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFindings;
import dev.zkautograd.core.run.RunFixtures;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks a light auditor (the browser) adds: inclusion of the named steps in the signed
 * checkpoint, consistency of earlier heads with it, named steps, and a partial view of the files.
 */
class LogProofsTest {
  static final Path GOLDEN = RunAuditTest.RUNS.resolve("golden-run");

  private static AuditReport audit(Path dir, List<Long> steps, List<EarlierHead> remembered) throws Exception {
    return RunAudit.audit(RunDirs.load(dir), AuditOptions.builder().steps(steps).logProofs(remembered).build());
  }

  private static List<AuditResult> rows(AuditReport r, RunCheck check) {
    return r.results().stream().filter(x -> x.check() == check).toList();
  }

  private static Digest root(Path dir, long size) throws Exception {
    Run run = RunReader.read(dir);
    return MerkleTree.ofLeafHashes(run.log().leafHashes().subList(0, (int) size)).root();
  }

  @Test
  void inclusionAndConsistencyPassForTheGoldenRunAndItsAnchoredHead() throws Exception {
    AuditReport r = audit(GOLDEN, List.of(1L), List.of());
    assertTrue(r.passed(), () -> r.failures().toString());
    AuditResult inclusion = rows(r, RunCheck.INCLUSION).get(0);
    assertEquals(Outcome.PASS, inclusion.outcome());
    assertTrue(inclusion.detail().contains("step: hashes 1: 2"), inclusion.detail());
    AuditResult consistency = rows(r, RunCheck.CONSISTENCY).get(0);
    assertEquals(Outcome.PASS, consistency.outcome());
    assertTrue(consistency.detail().contains("anchors.json[0] (file-counter #1) at size 3"), consistency.detail());
    assertTrue(rows(r, RunCheck.PROOF_DIGEST).get(0).detail().contains("step 1 of 3"), r.results().toString());
    assertEquals(List.of(1L), r.sample().steps());
    assertTrue(r.sample().named());
  }

  @Test
  void aRememberedPrefixIsConsistentAndAForgedOneIsNot() throws Exception {
    EarlierHead prefix = new EarlierHead("remembered", 2, root(GOLDEN, 2));
    AuditReport ok = audit(GOLDEN, List.of(0L), List.of(prefix));
    assertEquals(Outcome.PASS, rows(ok, RunCheck.CONSISTENCY).get(0).outcome());
    assertTrue(rows(ok, RunCheck.CONSISTENCY).get(0).detail().contains("remembered at size 2"));

    EarlierHead forged = new EarlierHead("remembered", 2, Digest.sha256("another log".getBytes(StandardCharsets.UTF_8)));
    AuditReport bad = audit(GOLDEN, List.of(0L), List.of(forged));
    AuditResult f = bad.failures().get(0);
    assertEquals(List.of(RunCheck.CONSISTENCY, Reason.CONSISTENCY_PROOF_INVALID, RunLayout.CHECKPOINT),
        List.of(f.check(), f.reason(), f.file()), f.text());
    assertEquals(forged.root().hex(), f.expected());
    assertEquals(root(GOLDEN, 2).hex(), f.found());

    AuditReport longer = audit(GOLDEN, List.of(0L), List.of(new EarlierHead("remembered", 5, root(GOLDEN, 3))));
    assertEquals("size", longer.failures().get(0).field(), longer.failures().toString());
    assertEquals(Reason.CONSISTENCY_PROOF_INVALID, longer.failures().get(0).reason());
  }

  @Test
  void anEmptyEarlierHeadIsAPrefixOnlyWithTheEmptyRoot() throws Exception {
    assertTrue(audit(GOLDEN, List.of(0L), List.of(new EarlierHead("r", 0, MerkleTree.emptyRoot()))).passed());
    AuditReport bad = audit(GOLDEN, List.of(0L), List.of(new EarlierHead("r", 0, root(GOLDEN, 1))));
    assertEquals(List.of(RunCheck.CONSISTENCY), bad.failures().stream().map(AuditResult::check).toList());
  }

  @Test
  void anAnchoredRootThatIsNoHeadOfTheLogFailsConsistencyToo() throws Exception {
    AuditReport r = audit(RunAuditTest.RUNS.resolve("anchor-root-wrong.ROOT_MISMATCH"), List.of(0L), List.of());
    assertTrue(r.failures().stream().anyMatch(f -> f.check() == RunCheck.CONSISTENCY && RunLayout.ANCHORS.equals(f.file())
        && f.reason() == Reason.CONSISTENCY_PROOF_INVALID), () -> r.failures().toString());
  }

  @Test
  void withoutAVerifiedCheckpointBothAreSkipped() throws Exception {
    AuditReport r = audit(RunAuditTest.RUNS.resolve("checkpoint-signature-flipped.SIGNATURE_INVALID"), List.of(0L), List.of());
    assertEquals(Outcome.SKIP, rows(r, RunCheck.INCLUSION).get(0).outcome());
    assertEquals(Outcome.SKIP, rows(r, RunCheck.CONSISTENCY).get(0).outcome());
  }

  @Test
  void aRecordNotInTheSignedTreeFailsInclusion() throws Exception {
    // The reader never hands over a checkpoint that disagrees with the log; this one is of another tree
    // of the same size (the golden run's with step 0 changed), as a light client holding only the
    // checkpoint and the record would meet it.
    Run run = RunReader.read(GOLDEN);
    List<Digest> leaves = new ArrayList<>(run.log().leafHashes());
    leaves.set(0, MerkleTree.leafHash("another record".getBytes(StandardCharsets.UTF_8)));
    Checkpoint other = Checkpoint.of(run.manifest().spec().origin(), 3, MerkleTree.ofLeafHashes(leaves).root());
    SignedNote note = RunFixtures.signer(RunAuditTest.VECTOR_RUN, 1).sign(other.body());
    Run forged = new Run(run.files(), run.manifest(), run.log(), run.merkleRoot(), note, 3, run.anchors());
    List<CoreException> failures = new ArrayList<>();
    LogProofs.checkInclusion(forged, List.of(0L, 2L), new RunFindings() {
      @Override
      public void passed(RunCheck check, String detail) {}

      @Override
      public void failed(RunCheck check, CoreException problem) {
        failures.add(problem);
      }

      @Override
      public void skipped(RunCheck check, String why) {}
    });
    assertEquals(2, failures.size(), failures.toString()); // leaf 0 is another, and leaf 2's path passes through it
    assertEquals(List.of(Reason.INCLUSION_PROOF_INVALID, RunLayout.STEPS, 0L),
        List.of(failures.get(0).reason(), failures.get(0).file(), failures.get(0).step()));
  }

  @Test
  void aNamedStepThatIsNotInTheLogFailsItsProofCheck() throws Exception {
    AuditReport r = audit(GOLDEN, List.of(9L), List.of());
    AuditResult f = r.failures().get(0);
    assertEquals(List.of(RunCheck.PROOF_DIGEST, Reason.STEP_SEQUENCE, RunLayout.STEPS, 9L),
        List.of(f.check(), f.reason(), f.file(), f.step()), f.text());
    assertEquals(List.of(), r.sample().steps());
  }

  @Test
  void aNamedSampleHasNoSeedInTheReport() throws Exception {
    JsonObject sample = (JsonObject) audit(GOLDEN, List.of(2L, 0L, 2L), List.of()).toJson().get("sample");
    assertEquals("{\"k\":2,\"seed\":null,\"steps\":[0,2]}", Json.writeString(sample));
  }

  @Test
  void aPartialViewChecksWhatItCoversAndSaysSo() throws Exception {
    MemoryRunFiles all = RunDirs.load(GOLDEN);
    List<String> fetched = List.of(RunLayout.MANIFEST, RunLayout.STEPS, RunLayout.CHECKPOINT, RunLayout.MERKLE_ROOT, RunLayout.ANCHORS,
        "proofs/step_00001.proof");
    MemoryRunFiles partial = MemoryRunFiles.partial();
    for (String f : fetched) partial.put(f, all.bytes(f));
    AuditReport r = RunAudit.audit(partial, AuditOptions.builder().steps(List.of(1L)).build());
    assertTrue(r.passed(), () -> r.failures().toString());
    assertTrue(rows(r, RunCheck.MANIFEST_FILES).get(0).detail().startsWith("4 of 6 listed files fetched"),
        rows(r, RunCheck.MANIFEST_FILES).toString());
    assertTrue(rows(r, RunCheck.MANIFEST_LISTING).get(0).detail().contains("among the files fetched"));

    // A listed file that was asked for and is absent (the server answered 404) is reported missing.
    partial.absent("proofs/step_00001.proof");
    AuditReport missing = RunAudit.audit(partial, AuditOptions.builder().steps(List.of(1L)).build());
    assertFalse(missing.passed());
    assertEquals(List.of(RunCheck.MANIFEST_FILES, RunCheck.PROOF_DIGEST),
        missing.failures().stream().map(AuditResult::check).toList(), missing.failures().toString());
    assertEquals("proofs/step_00001.proof", missing.failures().get(0).file());
  }
}
