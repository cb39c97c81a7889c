package dev.zkautograd.ezkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Quantisation;
import dev.zkautograd.core.run.RelativePath;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepLog;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.ProvenChunk;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two chained Adam steps proven by EZKL and verified the way {@code verify} verifies them (through
 * {@link RecordedStepVerifier} and the records' public inputs), and every forgery the verifier stops:
 * tampered proof bytes, edited instances, records declaring other hyper-parameters, another step,
 * other state roots, a replayed or reordered step (the state chain). Keys are made once per build.
 */
class EzklProofTest {
  static final AdamRule RULE = AdamRule.of(0.05, 0.9, 0.999, 1e-8, 0.99);
  static final int N = TestWorkers.DIM;
  static KeyDirectory keys;
  static EzklBackend backend;
  static RecordedStepVerifier verifier;
  static long[] w0;
  static long[] g0;
  static long[] g1;
  static ProvenChunk p0;
  static ProvenChunk p1;

  @BeforeAll
  static void proveTwoSteps() throws Exception {
    keys = TestWorkers.adamKeys();
    backend = EzklBackend.of(keys, TestWorkers.worker());
    verifier = new RecordedStepVerifier(backend, VerificationPolicy.DEFAULT, Backend.EZKL);
    Random r = new Random(16);
    w0 = new long[N];
    g0 = new long[N];
    g1 = new long[N];
    for (int i = 0; i < N; i++) {
      w0[i] = FixedPoint.encode(r.nextDouble() * 2 - 1);
      g0[i] = FixedPoint.encode(r.nextDouble() - 0.5);
      g1[i] = FixedPoint.encode(r.nextDouble() - 0.5);
    }
    p0 = backend.proveChunk(statement(0), witness(w0, new long[N], new long[N], g0));
    ProvenChunk.ChunkState s1 = p0.computedState();
    p1 = backend.proveChunk(statement(1), witness(s1.weights(), s1.moments(), s1.secondMoments(), g1));
  }

  @AfterAll
  static void close() {
    if (backend != null) backend.close();
  }

  static StepStatement statement(long step) {
    return StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), step, N, 0, 0, N);
  }

  static StepWitness witness(long[] w, long[] m, long[] v, long[] g) {
    SecretBytes master = SecretBytes.random(32, new java.security.SecureRandom());
    return StepWitness.adam(w, m, v, g, BlindingSeed.derive(master, 0, 0), BlindingSeed.derive(master, 0, 1));
  }

  static StepRecord record(long step, StepProof proof, Digest prev, AdamRule rule) throws CoreException {
    ChunkEntry chunk = new ChunkEntry(0, 0, N, proof.publicInputs().rootStateIn(), proof.publicInputs().rootStateOut(),
        RunLayout.proofPath(step, 0, 1), Digest.sha256(proof.proof()));
    StepDraft draft = StepDraft.builder().runId("run-20261124-101500").step(step).backend(Backend.EZKL)
        .optimizer(new OptimizerSpec.Adam(32, rule.learningRate(), rule.beta1(), rule.beta2(), rule.epsilon(), rule.clip()))
        .params(N).chunks(List.of(chunk)).loss("0.5").quantisation(new Quantisation("0", "0")).proveMs(1).build();
    return StepRecord.seal(draft, prev);
  }

  static void verifyRecorded(long step, StepProof proof, AdamRule rule, byte[] bytes) throws CoreException {
    StepRecord rec = record(step, proof, HashChain.genesis("run-20261124-101500"), rule);
    verifier.verify(rec, rec.chunks().get(0), bytes);
  }

  static VerificationException rejected(byte[] proof, StepPublicInputs inputs) {
    return assertThrows(VerificationException.class, () -> backend.verify(proof, inputs, VerificationPolicy.DEFAULT));
  }

  @Test
  void both_steps_verify_through_the_record_verifier() throws Exception {
    assertTrue(verifier.supports(Backend.EZKL));
    assertTrue(!verifier.supports(Backend.STARK));
    verifyRecorded(0, p0.proof(), RULE, p0.proof().proof());
    verifyRecorded(1, p1.proof(), RULE, p1.proof().proof());
  }

  @Test
  void the_state_the_proof_states_is_adam_on_the_grid() {
    ProvenChunk.ChunkState s = p0.computedState();
    FixedPointGrid grid = keys.grid();
    double worst = 0;
    int compared = 0;
    for (int i = 0; i < N; i++) {
      // On the grid, so that the next step's inputs hash to exactly these outputs' hashes.
      assertEquals(0, s.weights()[i] % (1L << (32 - grid.scale())));
      double w = grid.value(grid.unitsOfQ32(w0[i]));
      double g = Math.max(-0.99, Math.min(0.99, grid.value(grid.unitsOfQ32(g0[i]))));
      if (Math.abs(g) < 0.01) {
        continue; // g² below a few units of 2^-14: the grid's second moment is coarse there (docs/ezkl-backend.md, "Precision")
      }
      double m = 0.1 * g;
      double v = 0.001 * g * g;
      double mHat = m / (1 - 0.9);
      double vHat = v / (1 - 0.999);
      double want = w - 0.05 * mHat / (Math.sqrt(vHat) + 1e-8);
      worst = Math.max(worst, Math.abs(FixedPoint.decode(s.weights()[i]) - want));
      compared++;
    }
    assertTrue(compared >= N / 2, "the test's gradients are mostly above 0.01");
    assertTrue(worst < 2e-3, "EZKL's fixed-point Adam is within 2e-3 of float Adam on the same inputs, was " + worst);
  }

  @Test
  void the_steps_chain_through_their_poseidon_hashes() throws Exception {
    assertEquals(p0.proof().publicInputs().rootStateOut(), p1.proof().publicInputs().rootStateIn());
    assertNotEquals(p0.proof().publicInputs().rootStateIn(), p0.proof().publicInputs().rootStateOut());
    EzklProofFile a = EzklProofFile.parse(p0.proof().proof());
    EzklProofFile b = EzklProofFile.parse(p1.proof().proof());
    int[] out = CircuitKind.ADAM.stateOutInstances();
    int[] in = CircuitKind.ADAM.stateInInstances();
    for (int i = 0; i < in.length; i++) {
      assertEquals(HexFormat.of().formatHex(a.instance(out[i])), HexFormat.of().formatHex(b.instance(in[i])),
          "Poseidon hash of step 0's output " + i + " is that of step 1's input");
    }
    StepLog.parse(jsonl(p0.proof(), p1.proof()), spec(), false);
  }

  @Test
  void a_replayed_or_reordered_step_breaks_the_state_chain() throws Exception {
    for (byte[] log : List.of(jsonl(p0.proof(), p0.proof()), jsonl(p1.proof(), p0.proof()))) {
      CoreException e = assertThrows(CoreException.class, () -> StepLog.parse(log, spec(), false));
      assertEquals(CoreException.Reason.STATE_CHAIN_BROKEN, e.reason(), e.getMessage());
    }
    // Step 1's proof offered as step 0 states another step: its bias corrections are not step 0's.
    VerificationException e = rejected(p1.proof().proof(), inputs(p1, statement(0)));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("bc1"), e.getMessage());
  }

  static RunSpec spec() {
    return new RunSpec("run-20261124-101500", new UtcTime("2026-11-24T10:15:00Z"), Backend.EZKL,
        new OptimizerSpec.Adam(32, RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip()), N, 1, Map.of(), null,
        keys.trustedSetup());
  }

  static byte[] jsonl(StepProof... proofs) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Digest prev = HashChain.genesis("run-20261124-101500");
    for (int t = 0; t < proofs.length; t++) {
      StepRecord r = record(t, proofs[t], prev, RULE);
      out.write(r.line());
      out.write('\n');
      prev = r.chain();
    }
    return out.toByteArray();
  }

  static StepPublicInputs inputs(ProvenChunk p, StepStatement s) {
    return new StepPublicInputs(s, p.proof().publicInputs().rootStateIn(), p.proof().publicInputs().rootStateOut());
  }

  /** The proof file with one member replaced (EZKL reads any JSON layout). */
  static byte[] edit(byte[] proof, String member, JsonValue value) throws Exception {
    JsonObject o = ((JsonObject) Json.parse(proof)).without(member);
    return Json.write(JsonObject.builder().putAll(o.members()).put(member, value).build());
  }

  @Test
  void tampered_proof_bytes_are_rejected_by_ezkl() throws Exception {
    byte[] bytes = p0.proof().proof();
    byte[] raw = EzklProofFile.parse(bytes).proof();
    raw[raw.length / 2] ^= 1;
    List<JsonValue> arr = new ArrayList<>();
    for (byte b : raw) arr.add(JsonNumber.of(b & 0xff));
    byte[] tampered = edit(edit(bytes, "proof", new JsonArray(arr)), "hex_proof", new JsonString("0x" + HexFormat.of().formatHex(raw)));
    VerificationException e = rejected(tampered, p0.proof().publicInputs());
    assertEquals(Reason.CONSTRAINT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("EZKL's Halo2/KZG verifier rejects"), e.getMessage());

    byte[] twoCopies = edit(bytes, "hex_proof", new JsonString("0x" + HexFormat.of().formatHex(raw)));
    assertEquals(Reason.MALFORMED, rejected(twoCopies, p0.proof().publicInputs()).reason());
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertEquals(Reason.MALFORMED, rejected(cut, p0.proof().publicInputs()).reason());
  }

  @Test
  void an_edited_instance_is_rejected_even_with_roots_to_match() throws Exception {
    byte[] bytes = p0.proof().proof();
    JsonObject o = (JsonObject) Json.parse(bytes);
    List<JsonValue> column = new ArrayList<>(((JsonArray) ((JsonArray) o.get("instances")).get(0)).elements());
    // w's hash replaced by another valid field element: the roots are recomputed to match, so only EZKL's verifier can object.
    column.set(0, column.get(1));
    byte[] forged = edit(bytes, "instances", new JsonArray(List.of(new JsonArray(column))));
    EzklProofFile f = EzklProofFile.parse(forged);
    StepPublicInputs matching = new StepPublicInputs(statement(0), StateDigest.of(f, CircuitKind.ADAM.stateInInstances()),
        StateDigest.of(f, CircuitKind.ADAM.stateOutInstances()));
    assertEquals(Reason.CONSTRAINT_MISMATCH, rejected(forged, matching).reason());
    // With the record's roots, the digest check already refuses it.
    VerificationException e = rejected(forged, p0.proof().publicInputs());
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("state_in"), e.getMessage());
  }

  @Test
  void records_declaring_other_public_inputs_are_rejected_naming_the_input() throws Exception {
    byte[] bytes = p0.proof().proof();
    AdamRule otherLr = AdamRule.of(0.06, 0.9, 0.999, 1e-8, 0.99);
    CoreException lr = assertThrows(CoreException.class, () -> verifyRecorded(0, p0.proof(), otherLr, bytes));
    assertEquals(CoreException.Reason.PROOF_INVALID, lr.reason());
    assertTrue(lr.getMessage().contains("hash of lr"), lr.getMessage());

    AdamRule otherBeta = AdamRule.of(0.05, 0.8, 0.999, 1e-8, 0.99);
    CoreException beta = assertThrows(CoreException.class, () -> verifyRecorded(0, p0.proof(), otherBeta, bytes));
    assertTrue(beta.getMessage().contains("hash of beta1"), beta.getMessage());

    VerificationException clip = rejected(bytes, inputs(p0, StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(),
        RULE.epsilon(), FixedPoint.encode(0.5), 0, N, 0, 0, N)));
    assertTrue(clip.getMessage().contains("hash of clip"), clip.getMessage());

    VerificationException step = rejected(bytes, inputs(p0, statement(3)));
    assertTrue(step.getMessage().contains("hash of bc1"), step.getMessage());

    VerificationException root = rejected(bytes, new StepPublicInputs(statement(0), p0.proof().publicInputs().rootStateOut(),
        p0.proof().publicInputs().rootStateOut()));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, root.reason());
    assertTrue(root.getMessage().contains("state_in"), root.getMessage());

    VerificationException out = rejected(bytes, new StepPublicInputs(statement(0), p0.proof().publicInputs().rootStateIn(),
        p0.proof().publicInputs().rootStateIn()));
    assertTrue(out.getMessage().contains("state_out"), out.getMessage());

    VerificationException sgd = rejected(bytes, inputs(p0, StepStatement.sgd(RULE.learningRate(), RULE.clip(), 0, N, 0, 0, N)));
    assertTrue(sgd.getMessage().contains("another optimizer"), sgd.getMessage());

    VerificationException strict = assertThrows(VerificationException.class,
        () -> backend.verify(bytes, p0.proof().publicInputs(), new VerificationPolicy(128)));
    assertEquals(Reason.WEAK_PARAMETERS, strict.reason());
  }

  @Test
  void a_key_file_that_is_not_the_recorded_one_is_refused_before_use(@TempDir Path tmp) throws Exception {
    for (String f : List.of(KeyDirectory.DESCRIPTION, KeyDirectory.SETTINGS, KeyDirectory.VERIFYING_KEY, KeyDirectory.SRS)) {
      Files.copy(keys.file(f), tmp.resolve(f));
    }
    KeyDirectory copy = KeyDirectory.read(tmp);
    copy.checked(KeyDirectory.Use.VERIFY);
    byte[] vk = Files.readAllBytes(tmp.resolve(KeyDirectory.VERIFYING_KEY));
    vk[vk.length / 2] ^= 1;
    Files.write(tmp.resolve(KeyDirectory.VERIFYING_KEY), vk);
    EzklException e = assertThrows(EzklException.class, () -> copy.checked(KeyDirectory.Use.VERIFY));
    assertEquals(EzklException.Reason.KEY_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("vk.key"), e.getMessage());
    vk[vk.length / 2] ^= 1;
    Files.write(tmp.resolve(KeyDirectory.VERIFYING_KEY), vk);
    EzklException missing = assertThrows(EzklException.class, () -> copy.checked(KeyDirectory.Use.PROVE));
    assertEquals(EzklException.Reason.BAD_KEYS, missing.reason(), "no pk.key in the copy");
    // The run's manifest pins the keys too: a folder with other keys is refused for that run.
    keys.requireSetup(keys.trustedSetup());
    Map<String, Digest> otherVk = new java.util.TreeMap<>(keys.trustedSetup().files());
    otherVk.put(KeyDirectory.VERIFYING_KEY, Digest.sha256(new byte[0]));
    dev.zkautograd.core.run.TrustedSetup declared = new dev.zkautograd.core.run.TrustedSetup(keys.trustedSetup().srsSha256(), true,
        otherVk, keys.trustedSetup().circuit());
    EzklException other = assertThrows(EzklException.class, () -> keys.requireSetup(declared));
    assertEquals(EzklException.Reason.KEY_MISMATCH, other.reason());
    assertTrue(other.getMessage().contains("vk.key is not the file the run was proven with"), other.getMessage());
  }

  @Test
  void a_ceremony_srs_with_another_digest_than_the_pinned_one_is_refused_before_setup(@TempDir Path tmp) throws Exception {
    EzklSetup setup = new EzklSetup(CircuitKind.ADAM, N, EzklSetup.DEFAULT_SCALE, tmp.resolve("keys"),
        keys.file(KeyDirectory.SRS), Digest.sha256(new byte[0]));
    EzklException e = assertThrows(EzklException.class, () -> setup.run(TestWorkers.worker()));
    assertEquals(EzklException.Reason.KEY_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("is not the one pinned") && e.getMessage().contains(keys.files().get(KeyDirectory.SRS).hex()),
        e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("keys").resolve(KeyDirectory.DESCRIPTION)), "nothing is set up with it");
  }

  @Test
  void the_worker_refuses_a_prove_request_with_vectors_of_the_wrong_length() throws Exception {
    JsonObject req = JsonObject.builder().put("circuit", "adam").put("dim", N)
        .put("compiled", keys.file(KeyDirectory.COMPILED).toString()).put("pk", keys.file(KeyDirectory.PROVING_KEY).toString())
        .put("vk", keys.file(KeyDirectory.VERIFYING_KEY).toString()).put("srs", keys.file(KeyDirectory.SRS).toString())
        .put("work", System.getProperty("java.io.tmpdir"))
        .put("inputs", new JsonArray(List.of(new JsonArray(List.of(JsonNumber.of(1)))))).build();
    EzklException e = assertThrows(EzklException.class, () -> TestWorkers.worker().call("prove", req, java.time.Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("BAD_INPUT") && e.getMessage().contains("inputs must be 12 lists"), e.getMessage());
  }

  @Test
  void the_worker_refuses_statement_words_that_are_not_32_bit_integers() throws Exception {
    for (JsonValue bad : List.of(JsonNumber.of(1L << 32), JsonNumber.of(-1), JsonNumber.of(0.5))) {
      List<JsonValue> inputs = new ArrayList<>();
      for (int i = 0; i < CircuitKind.ADAM.vectorInputs(); i++) inputs.add(new JsonArray(java.util.Collections.nCopies(N, JsonNumber.of(0))));
      for (int i = 0; i < CircuitKind.ADAM.scalarInputs(); i++) inputs.add(new JsonArray(List.of(JsonNumber.of(0))));
      List<JsonValue> words = new ArrayList<>(java.util.Collections.nCopies(StatementWords.WORDS, JsonNumber.of(7)));
      words.set(3, bad);
      inputs.add(new JsonArray(words));
      JsonObject req = JsonObject.builder().put("circuit", "adam").put("dim", N)
          .put("compiled", keys.file(KeyDirectory.COMPILED).toString()).put("pk", keys.file(KeyDirectory.PROVING_KEY).toString())
          .put("vk", keys.file(KeyDirectory.VERIFYING_KEY).toString()).put("srs", keys.file(KeyDirectory.SRS).toString())
          .put("work", System.getProperty("java.io.tmpdir")).put("inputs", new JsonArray(inputs)).build();
      EzklException e = assertThrows(EzklException.class, () -> TestWorkers.worker().call("prove", req, java.time.Duration.ofSeconds(60)));
      assertTrue(e.getMessage().contains("BAD_INPUT") && e.getMessage().contains("the statement"), bad + ": " + e.getMessage());
    }
  }

  @Test
  void the_statement_words_are_the_digest_of_the_statement_bytes() {
    StepStatement s = statement(0);
    long[] words = StatementWords.of(s);
    byte[] d = Digest.sha256(StatementWords.TAG, s.toBytes()).bytes();
    assertEquals(StatementWords.WORDS, words.length);
    for (int i = 0; i < words.length; i++) {
      assertEquals(java.nio.ByteBuffer.wrap(d, 4 * i, 4).getInt() & 0xffffffffL, words[i]);
    }
    // Every field of the statement moves the words.
    List<StepStatement> others = List.of(statement(1), s.withLimbBits(16),
        StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0, 2 * N, 0, 0, N),
        StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0, 2 * N, 1, N, N),
        StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0, N, 0, 0, N - 1),
        StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon() + 1, RULE.clip(), 0, N, 0, 0, N));
    for (StepStatement o : others) {
      assertTrue(!java.util.Arrays.equals(words, StatementWords.of(o)), o.toString());
    }
  }

  @Test
  void a_proof_of_chunk_0_filed_as_another_chunk_is_rejected_by_its_statement() throws Exception {
    byte[] bytes = p0.proof().proof();
    // Chunk 1 of a model twice as large, claiming chunk 0's roots: roots and hyper-parameters all match, the statement does not.
    StepStatement chunk1 = StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0,
        2 * N, 1, N, N);
    VerificationException e = rejected(bytes, inputs(p0, chunk1));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("statement hash") && e.getMessage().contains("chunk 1 at offset 16"), e.getMessage());
    // Chunk 0 still, but of another model size, or another length.
    StepStatement larger = StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0,
        2 * N, 0, 0, N);
    assertTrue(rejected(bytes, inputs(p0, larger)).getMessage().contains("statement hash"));
    StepStatement shorter = StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), 0,
        N, 0, 0, N - 1);
    assertTrue(rejected(bytes, inputs(p0, shorter)).getMessage().contains("statement hash"));
  }

  @Test
  void a_proof_of_step_t_filed_as_step_t_plus_1_with_equal_bias_corrections_is_rejected() throws Exception {
    // With β1 = β2 = 0.5, β^(t+1) lies far below half a grid unit at t = 40: bc1 and bc2 are the same at steps 40 and 41.
    AdamRule halves = AdamRule.of(0.05, 0.5, 0.5, 1e-3, 0.99);
    StepStatement at40 = StepStatement.adam(halves.learningRate(), halves.beta1(), halves.beta2(), halves.epsilon(), halves.clip(),
        40, N, 0, 0, N);
    StepStatement at41 = at40.withStep(41);
    assertTrue(java.util.Arrays.equals(StepScalars.of(at40, keys.grid()), StepScalars.of(at41, keys.grid())),
        "the premise: every scalar input is the same at both steps");
    ProvenChunk p = backend.proveChunk(at40, witness(w0, new long[N], new long[N], g0));
    backend.verify(p.proof().proof(), p.proof().publicInputs(), VerificationPolicy.DEFAULT);
    VerificationException e = rejected(p.proof().proof(), inputs(p, at41));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("statement hash") && e.getMessage().contains("step 41"), e.getMessage());
  }

  @Test
  void an_edited_statement_instance_is_rejected() throws Exception {
    byte[] bytes = p0.proof().proof();
    JsonObject o = (JsonObject) Json.parse(bytes);
    List<JsonValue> column = new ArrayList<>(((JsonArray) ((JsonArray) o.get("instances")).get(0)).elements());
    column.set(CircuitKind.ADAM.statementInstance(), column.get(0));
    byte[] forged = edit(bytes, "instances", new JsonArray(List.of(new JsonArray(column))));
    VerificationException e = rejected(forged, p0.proof().publicInputs());
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("statement hash"), e.getMessage());
  }
}
