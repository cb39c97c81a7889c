package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.core.log.HashChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWriterTest {
  static final String RUN = "run-20261124-120000";
  static final NoteSigner KEY = RunFixtures.signer(RUN, 7);

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve(RUN);
  }

  private RunWriter create(int chunks) throws CoreException {
    return RunWriter.create(dir(), RunFixtures.spec(RUN, chunks), KEY);
  }

  private FileCounterAnchor anchor() {
    return new FileCounterAnchor(tmp.resolve("anchors"), Clock.fixed(Instant.parse("2026-11-24T12:30:00Z"), ZoneOffset.UTC));
  }

  @Test
  void writes_a_run_that_reads_back_with_every_check_passing() throws Exception {
    RunManifest m;
    try (RunWriter w = create(3)) {
      assertEquals(0, w.nextStep());
      RunFixtures.writeSteps(w, 4, 100);
      assertEquals(4, w.nextStep());
      m = w.finish(anchor());
    }
    Run run = RunReader.read(dir());
    run.checkFiles();
    assertTrue(run.finished());
    assertEquals(m, run.manifest());
    assertEquals(4, run.steps().size());
    assertEquals(HashChain.genesis(RUN), run.steps().get(0).prev());
    assertEquals(run.log().root(4), run.merkleRoot());
    assertEquals(run.merkleRoot(), m.log().root());
    assertEquals(1 + 2 + 4 * 3, m.files().size());
    assertTrue(Files.isRegularFile(dir().resolve("proofs/step_00003/chunk_002.proof")));
    AnchorReceipt a = run.anchors().receipts().get(0);
    assertEquals(1, a.counter());
    assertEquals(4, a.treeSize());
    assertEquals(run.merkleRoot(), a.root());
  }

  @Test
  void every_step_leaves_a_verifiable_prefix() throws Exception {
    try (RunWriter w = create(1)) {
      for (int i = 0; i < 3; i++) {
        RunFixtures.writeSteps(w, i + 1, 50);
        Run run = RunReader.read(dir());
        assertFalse(run.finished());
        assertEquals(i + 1, run.steps().size());
        assertEquals(i + 1, run.checkpointSize());
        run.checkFiles();
      }
    }
  }

  @Test
  void refuses_a_step_out_of_turn_and_a_broken_state_chain() throws Exception {
    RunSpec spec = RunFixtures.spec(RUN, 2);
    try (RunWriter w = create(2)) {
      RunFixtures.Step s1 = RunFixtures.step(spec, 1, 10);
      assertEquals(Reason.STEP_SEQUENCE, assertThrows(CoreException.class, () -> w.append(s1.draft(), s1.proofs())).reason());
      RunFixtures.writeSteps(w, 1, 10);
      // Step 1 starting from a state other than step 0's end.
      StepDraft d = s1.draft();
      ChunkEntry c = d.chunks().get(1);
      StepDraft broken = d.toBuilder().chunks(List.of(d.chunks().get(0), new ChunkEntry(1, c.offset(), c.length(),
          Digest.sha256(new byte[1]), c.stateOut(), c.proof(), c.proofSha256()))).build();
      CoreException e = assertThrows(CoreException.class, () -> w.append(broken, s1.proofs()));
      assertEquals(Reason.STATE_CHAIN_BROKEN, e.reason());
      assertEquals("chunks[1].state_in", e.field());
      assertEquals(1, w.nextStep());
      w.append(s1.draft(), s1.proofs()); // the writer is still usable
    }
  }

  @Test
  void refuses_steps_that_do_not_match_the_declaration_or_their_proof_files() throws Exception {
    RunSpec spec = RunFixtures.spec(RUN, 1);
    try (RunWriter w = create(1)) {
      RunFixtures.Step s = RunFixtures.step(spec, 0, 10);
      StepDraft sgd = s.draft().toBuilder().optimizer(new OptimizerSpec.Sgd(32, 1, 1)).build();
      CoreException e = assertThrows(CoreException.class, () -> w.append(sgd, s.proofs()));
      assertEquals(Reason.BAD_FIELD, e.reason());
      assertEquals("optimizer", e.field());

      Map<RelativePath, byte[]> wrongBytes = new HashMap<>(s.proofs());
      wrongBytes.replaceAll((k, v) -> new byte[] {1, 2, 3});
      assertEquals(Reason.DIGEST_MISMATCH, assertThrows(CoreException.class, () -> w.append(s.draft(), wrongBytes)).reason());
      assertEquals(Reason.MISSING_FIELD, assertThrows(CoreException.class, () -> w.append(s.draft(), Map.of())).reason());
      Map<RelativePath, byte[]> extra = new HashMap<>(s.proofs());
      extra.put(new RelativePath("proofs/extra.proof"), new byte[1]);
      assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> w.append(s.draft(), extra)).reason());

      RelativePath elsewhere = new RelativePath("proofs/zero.proof");
      ChunkEntry c = s.draft().chunks().get(0);
      StepDraft moved = s.draft().toBuilder().chunks(List.of(new ChunkEntry(0, c.offset(), c.length(), c.stateIn(), c.stateOut(), elsewhere,
          c.proofSha256()))).build();
      CoreException m = assertThrows(CoreException.class, () -> w.append(moved, Map.of(elsewhere, s.proofs().values().iterator().next())));
      assertEquals(Reason.BAD_FIELD, m.reason());
      assertEquals("chunks[0].proof", m.field());
      assertEquals(0, w.nextStep());
      assertFalse(Files.exists(dir().resolve("proofs/zero.proof")), "nothing is written for a refused step");
    }
  }

  @Test
  void create_refuses_a_non_empty_directory_and_a_signer_of_another_name() throws Exception {
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("something"), "x");
    assertEquals(Reason.IO, assertThrows(CoreException.class, this::create1).reason());
    NoteSigner other = NoteSigner.fromSeed("zk-autograd/another-run", SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
    CoreException e = assertThrows(CoreException.class, () -> RunWriter.create(tmp.resolve("x"), RunFixtures.spec(RUN, 1), other));
    assertEquals(Reason.BAD_FIELD, e.reason());
  }

  private void create1() throws CoreException {
    create(1).close();
  }

  @Test
  void resume_continues_where_a_stopped_writer_left_off() throws Exception {
    try (RunWriter w = create(2)) {
      RunFixtures.writeSteps(w, 2, 30);
    }
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      assertEquals(2, w.nextStep());
      RunFixtures.writeSteps(w, 5, 30);
      w.finish(null);
    }
    Run run = RunReader.read(dir());
    run.checkFiles();
    assertEquals(5, run.steps().size());
    assertEquals(Anchors.NONE, run.anchors());
  }

  @Test
  void resume_truncates_a_torn_line_and_redoes_the_step() throws Exception {
    byte[] reference = uninterrupted(3);
    for (String tail : new String[] {"{\"format\":\"zk-au", "garbage without newline", "{}\n", "not json\n"}) {
      VectorGenerator.deleteTree(dir());
      try (RunWriter w = create(1)) {
        RunFixtures.writeSteps(w, 2, 30);
      }
      Files.write(dir().resolve(RunLayout.STEPS), tail.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      try (RunWriter w = RunWriter.resume(dir(), KEY)) {
        assertEquals(2, w.nextStep(), tail);
        RunFixtures.writeSteps(w, 3, 30);
      }
      assertArrayEquals(reference, Files.readAllBytes(dir().resolve(RunLayout.STEPS)), tail);
    }
  }

  @Test
  void resume_drops_a_last_line_that_does_not_chain_but_refuses_a_bad_line_before_it() throws Exception {
    byte[] reference = uninterrupted(3);
    VectorGenerator.deleteTree(dir());
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 2, 30);
    }
    // A valid record of step 2 that chains from the wrong predecessor, with its newline.
    StepRecord stray = StepRecord.seal(RunFixtures.step(RunFixtures.spec(RUN, 1), 2, 30).draft(), HashChain.genesis(RUN));
    Files.write(dir().resolve(RunLayout.STEPS), (new String(stray.line(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      RunFixtures.writeSteps(w, 3, 30);
    }
    assertArrayEquals(reference, Files.readAllBytes(dir().resolve(RunLayout.STEPS)));

    // Damage in the middle is not a crash artefact: resume refuses it, naming the line.
    byte[] b = Files.readAllBytes(dir().resolve(RunLayout.STEPS));
    int second = indexOf(b, (byte) '\n') + 20;
    b[second] ^= 1;
    Files.write(dir().resolve(RunLayout.STEPS), b);
    CoreException e = assertThrows(CoreException.class, () -> RunWriter.resume(dir(), KEY));
    assertEquals(RunLayout.STEPS, e.file());
    assertEquals(1L, e.step());
  }

  @Test
  void resume_removes_stale_temporaries_and_overwrites_a_proof_without_record() throws Exception {
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 1, 30);
    }
    Path orphan = dir().resolve("proofs/step_00001.proof");
    Files.write(orphan, new byte[] {9, 9, 9});
    Path temp = dir().resolve("proofs/.step_00002.proof.tmp");
    Files.write(temp, new byte[] {1});
    Path headTemp = dir().resolve(".checkpoint.tmp");
    Files.write(headTemp, new byte[] {1});
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      assertFalse(Files.exists(temp));
      assertFalse(Files.exists(headTemp));
      RunFixtures.writeSteps(w, 2, 30);
    }
    assertArrayEquals(RunFixtures.proofBytes(RUN, 1, 0, 30), Files.readAllBytes(orphan));
    RunReader.read(dir()).checkFiles();
  }

  @Test
  void resume_rewrites_a_head_that_trails_the_log() throws Exception {
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 1, 30);
    }
    byte[] cp1 = Files.readAllBytes(dir().resolve(RunLayout.CHECKPOINT));
    byte[] root1 = Files.readAllBytes(dir().resolve(RunLayout.MERKLE_ROOT));
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      RunFixtures.writeSteps(w, 2, 30);
    }
    // As if the writer died after appending step 1's line: the head still says one record.
    Files.write(dir().resolve(RunLayout.CHECKPOINT), cp1);
    Files.write(dir().resolve(RunLayout.MERKLE_ROOT), root1);
    Run crashed = RunReader.read(dir());
    assertEquals(2, crashed.steps().size());
    assertEquals(1, crashed.checkpointSize());
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      assertEquals(2, w.nextStep());
    }
    assertEquals(2, RunReader.read(dir()).checkpointSize());
  }

  @Test
  void resume_refuses_another_key_and_a_finished_run() throws Exception {
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 1, 30);
    }
    CoreException e = assertThrows(CoreException.class, () -> RunWriter.resume(dir(), RunFixtures.signer(RUN, 8)));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      w.finish(null);
      assertEquals(Reason.IO, assertThrows(CoreException.class, () -> w.append(null, Map.of())).reason());
    }
    CoreException f = assertThrows(CoreException.class, () -> RunWriter.resume(dir(), KEY));
    assertEquals(Reason.BAD_FIELD, f.reason());
    assertEquals("status", f.field());
  }

  @Test
  void finishing_again_after_a_crash_records_the_receipt_without_anchoring_twice() throws Exception {
    FileCounterAnchor anchor = anchor();
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 2, 30);
    }
    // The anchor stored the head, then the writer died before writing anchors.json.
    Run before = RunReader.read(dir());
    AnchorReceipt first = anchor.anchor(new AnchorRequest(RUN, 2, before.merkleRoot(), null));
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      w.finish(anchor);
    }
    Run run = RunReader.read(dir());
    assertEquals(List.of(first), run.anchors().receipts());
    assertEquals(1, anchor.latest(RUN).counter());
  }

  @Test
  void anchoring_a_longer_run_sends_a_consistency_proof() throws Exception {
    FileCounterAnchor anchor = anchor();
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 3, 30);
    }
    anchor.anchor(new AnchorRequest(RUN, 3, RunReader.read(dir()).merkleRoot(), null));
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      RunFixtures.writeSteps(w, 7, 30);
      w.finish(anchor);
    }
    AnchorReceipt r = RunReader.read(dir()).anchors().receipts().get(0);
    assertEquals(2, r.counter());
    assertEquals(7, r.treeSize());
  }

  @Test
  void writes_a_signed_manifest_and_resume_refuses_one_edited_without_the_key() throws Exception {
    try (RunWriter w = create(1)) {
      RunFixtures.writeSteps(w, 2, 20);
    }
    Path manifest = dir().resolve(RunLayout.MANIFEST);
    SignedManifest.parse(Files.readAllBytes(manifest)).verify(KEY.verifier());
    String original = Files.readString(manifest);
    Files.writeString(manifest, original.replace("\"tiny-mlp\"", "\"tiny-mlq\""));
    CoreException e = assertThrows(CoreException.class, () -> RunWriter.resume(dir(), KEY));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertEquals(RunLayout.MANIFEST, e.file());
    Files.writeString(manifest, original);
    try (RunWriter w = RunWriter.resume(dir(), KEY)) {
      RunFixtures.writeSteps(w, 3, 20);
      w.finish(null);
    }
    SignedManifest.parse(Files.readAllBytes(manifest)).verify(KEY.verifier());
    RunReader.read(dir(), KEY.verifier()).checkFiles();
  }

  private byte[] uninterrupted(int steps) throws Exception {
    Path other = tmp.resolve("reference-" + System.nanoTime()).resolve(RUN);
    try (RunWriter w = RunWriter.create(other, RunFixtures.spec(RUN, 1), KEY)) {
      RunFixtures.writeSteps(w, steps, 30);
    }
    return Files.readAllBytes(other.resolve(RunLayout.STEPS));
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
    return -1;
  }
}
