package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRecordTest {
  static final String RUN = "run-x";

  @Test
  void seal_and_parse_agree() throws CoreException {
    StepDraft d = RunFixtures.step(RunFixtures.spec(RUN, 3), 0, 20).draft();
    StepRecord r = StepRecord.seal(d, HashChain.genesis(RUN));
    StepRecord back = StepRecord.parse(r.line());
    assertEquals(r, back);
    assertEquals(d, back.draft());
    assertNull(back.draft().signature());
    assertEquals(MerkleTree.leafHash(r.line()), r.leafHash());
    // chain = next(prev, canonical record without "chain")
    JsonObject withoutChain = ((JsonObject) Json.parse(r.line())).without("chain");
    assertEquals(HashChain.next(r.prev(), Json.write(withoutChain)), r.chain());
    // the whole-state commitments are roots over the chunks' state roots
    assertEquals(MerkleTree.ofLeafHashes(List.of(
        MerkleTree.leafHash(d.chunks().get(0).stateIn().bytes()),
        MerkleTree.leafHash(d.chunks().get(1).stateIn().bytes()),
        MerkleTree.leafHash(d.chunks().get(2).stateIn().bytes()))).root(), r.stateIn());
  }

  @Test
  void a_signature_is_kept() throws CoreException {
    StepSignature sig = new StepSignature("prover-1", new byte[] {1, 2, 3});
    StepDraft d = RunFixtures.step(RunFixtures.spec(RUN, 1), 0, 20).draft().toBuilder().signature(sig).build();
    StepRecord back = StepRecord.parse(StepRecord.seal(d, HashChain.genesis(RUN)).line());
    assertEquals(sig, back.draft().signature());
    assertArrayEquals(new byte[] {1, 2, 3}, back.draft().signature().sig());
  }

  @Test
  void errors_name_the_step_and_field() {
    StepRecord r = StepRecord.seal(RunFixtures.step(RunFixtures.spec(RUN, 2), 5, 20).draft(), Digest.sha256(new byte[0]));
    String line = new String(r.line(), StandardCharsets.UTF_8).replaceFirst("\"length\":500", "\"length\":501");
    CoreException e = assertThrows(CoreException.class, () -> StepRecord.parse(line.getBytes(StandardCharsets.UTF_8)));
    assertEquals(Reason.BAD_FIELD, e.reason());
    assertEquals(5L, e.step());
    assertEquals("chunks[1].offset", e.field());
    assertEquals("501", e.expected());
    assertEquals("500", e.actual());
  }

  @Test
  void the_builder_refuses_what_the_parser_refuses() {
    StepDraft d = RunFixtures.step(RunFixtures.spec(RUN, 1), 0, 20).draft();
    assertEquals("loss", assertThrows(CoreException.class, () -> d.toBuilder().loss("1e5").build()).field());
    assertEquals("step", assertThrows(CoreException.class, () -> d.toBuilder().step(-1).build()).field());
    assertEquals("run", assertThrows(CoreException.class, () -> d.toBuilder().runId(null).build()).field());
    assertEquals(Reason.MISSING_FIELD, assertThrows(CoreException.class, () -> d.toBuilder().quantisation(null).build()).reason());
    assertEquals("chunks", assertThrows(CoreException.class, () -> d.toBuilder().params(2000).build()).field());
  }

  @Test
  void proof_paths_follow_the_layout() {
    assertEquals("proofs/step_00042.proof", RunLayout.proofPath(42, 0, 1).value());
    assertEquals("proofs/step_00042/chunk_007.proof", RunLayout.proofPath(42, 7, 8).value());
    assertEquals("proofs/step_123456/chunk_1000.proof", RunLayout.proofPath(123456, 1000, 1001).value());
  }
}
