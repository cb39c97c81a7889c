package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code zk-autograd verify} run in-process on the committed run vectors and on fresh runs. */
class VerifyCommandTest {
  /** The one copy of the vectors, in core. */
  static final Path RUNS = Path.of("../core/src/test/resources/vectors/run");
  static final String GOLDEN = RUNS.resolve("golden-run").toString();
  static final String VECTOR_KEY = "zk-autograd/run-20261124-101500+89adf9fb+ARa0aRp37wNv9hQQuf+4tKLGFBfESXOjL/qH/iRqvutr";

  /**
   * The file the first FAIL row must name for each broken vector. Where a record and the manifest, or
   * the records and the signed checkpoint, disagree, the row is filed where the check found it and
   * its detail names the other file.
   */
  static final Map<String, String> FIRST_FAILURE_FILE = new TreeMap<>(Map.ofEntries(
      Map.entry("anchor-counter-repeated.ANCHOR_REJECTED", "anchors.json"),
      Map.entry("anchor-root-wrong.ROOT_MISMATCH", "anchors.json"),
      Map.entry("checkpoint-by-other-key.SIGNATURE_INVALID", "checkpoint"),
      Map.entry("checkpoint-of-shorter-tree.ROOT_MISMATCH", "checkpoint"),
      Map.entry("checkpoint-signature-flipped.SIGNATURE_INVALID", "checkpoint"),
      Map.entry("manifest-claims-fewer-steps.STEP_SEQUENCE", "run_manifest.json"),
      Map.entry("manifest-created-edited.SIGNATURE_INVALID", "run_manifest.json"),
      Map.entry("manifest-format-v9.UNSUPPORTED_VERSION", "run_manifest.json"),
      Map.entry("manifest-model-edited.SIGNATURE_INVALID", "run_manifest.json"),
      Map.entry("manifest-other-optimizer.BAD_FIELD", "steps.jsonl"), // "step does not match the run's declaration in run_manifest.json"
      Map.entry("manifest-proof-digest-wrong.DIGEST_MISMATCH", "run_manifest.json"),
      Map.entry("manifest-signature-63-bytes.BAD_FIELD", "run_manifest.json"),
      Map.entry("manifest-signature-missing.MISSING_FIELD", "run_manifest.json"),
      Map.entry("manifest-signature-not-base64.MALFORMED", "run_manifest.json"),
      Map.entry("manifest-signed-by-other-key.SIGNATURE_INVALID", "run_manifest.json"),
      Map.entry("manifest-steps-digest-wrong.DIGEST_MISMATCH", "steps.jsonl"), // "file does not match run_manifest.json"
      Map.entry("manifest-steps-size-wrong.DIGEST_MISMATCH", "steps.jsonl"), // "file size differs from run_manifest.json"
      Map.entry("manifest-unknown-member.BAD_FIELD", "run_manifest.json"),
      Map.entry("merkle-root-no-newline.MALFORMED", "merkle_root.txt"),
      Map.entry("merkle-root-wrong.ROOT_MISMATCH", "merkle_root.txt"),
      Map.entry("middle-step-removed.STEP_SEQUENCE", "steps.jsonl"),
      Map.entry("proof-byte-flipped.DIGEST_MISMATCH", "proofs/step_00001.proof"),
      Map.entry("proof-file-missing.IO", "proofs/step_00002.proof"),
      Map.entry("record-edited-and-rechained.ROOT_MISMATCH", "checkpoint"), // "checkpoint does not commit to steps.jsonl"
      Map.entry("record-edited.CHAIN_MISMATCH", "steps.jsonl"),
      Map.entry("state-chain-broken-resealed.STATE_CHAIN_BROKEN", "steps.jsonl"),
      Map.entry("steps-swapped.STEP_SEQUENCE", "steps.jsonl"),
      Map.entry("torn-line-in-finished-run.MALFORMED", "steps.jsonl"),
      Map.entry("unlisted-file.MISSING_FIELD", "proofs/notes.txt"),
      Map.entry("manifest-prover-key-swapped.SIGNATURE_INVALID", "steps.jsonl"), // every step's key id is no longer the declared one
      Map.entry("step-signature-key-id-forged.SIGNATURE_INVALID", "steps.jsonl"),
      Map.entry("step-signature-of-other-step.SIGNATURE_INVALID", "steps.jsonl"),
      Map.entry("step-signature-replayed-from-other-run.SIGNATURE_INVALID", "steps.jsonl"),
      Map.entry("step-signed-by-other-key.SIGNATURE_INVALID", "steps.jsonl"),
      Map.entry("step-unsigned-in-signed-run.MISSING_FIELD", "steps.jsonl")));

  static JsonObject json(Cli r) throws Exception {
    return (JsonObject) Json.parse(r.out().trim().getBytes(StandardCharsets.UTF_8), JsonParseOptions.CANONICAL);
  }

  static JsonObject firstFailure(JsonObject report) {
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject row = (JsonObject) v;
      if (row.get("result").equals(new JsonString("FAIL"))) return row;
    }
    return null;
  }

  static String string(JsonObject o, String member) {
    JsonValue v = o.get(member);
    return v instanceof JsonString s ? s.value() : null;
  }

  @Test
  void golden_run_verifies_with_a_table_of_every_check() {
    Cli r = Cli.run("verify", "--run", GOLDEN);
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("STEP  CHECK"), r::toString);
    assertTrue(r.out().contains("PASSED: 16 passed, 5 skipped"), r::toString);
    assertTrue(r.out().contains("proof.verify          SKIP    no proof system for backend stark in this build"), r::toString);
    assertEquals("", r.err());
  }

  @Test
  void signed_run_checks_every_step_signature_and_skips_the_attestation_without_a_trust_root() {
    Cli r = Cli.run("verify", "--run", RUNS.resolve("golden-run-signed").toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("steps.signature       PASS    all 3 records signed by the declared prover key ed25519:"), r::toString);
    assertTrue(r.out().contains("prover.attestation    SKIP    no attestation trust root given"), r::toString);
  }

  @TestFactory
  Stream<DynamicTest> every_broken_run_vector_fails_naming_the_file() throws IOException {
    try (Stream<Path> s = Files.list(RUNS)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".")).sorted().toList().stream()
          .map(name -> DynamicTest.dynamicTest(name, () -> {
            assertTrue(FIRST_FAILURE_FILE.containsKey(name), "every broken vector has an expected file here: " + name);
            String dir = RUNS.resolve(name).toString();
            Cli table = Cli.run("verify", "--run", dir);
            assertEquals(1, table.exit(), table::toString);
            String want = FIRST_FAILURE_FILE.get(name);
            String reason = name.substring(name.lastIndexOf('.') + 1);
            assertTrue(table.out().contains("FAIL    ") && table.out().contains("[file " + want), table::toString);
            assertTrue(table.out().contains("(first: ") && table.out().contains(" in " + want + ")"), table::toString);

            JsonObject first = firstFailure(json(Cli.run("verify", "--run", dir, "--json")));
            assertEquals(want, string(first, "file"));
            assertEquals(reason, string(first, "reason"));
            assertTrue(first.get("expected") instanceof JsonString || first.get("field") instanceof JsonString,
                "a failure says what was expected or which field: " + first);
          }));
    }
  }

  @Test
  void every_failure_row_names_file_and_what_was_expected() throws Exception {
    JsonObject report = json(Cli.run("verify", "--run", RUNS.resolve("steps-swapped.STEP_SEQUENCE").toString(), "--json"));
    int failures = 0;
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject row = (JsonObject) v;
      if (!row.get("result").equals(new JsonString("FAIL"))) continue;
      failures++;
      assertTrue(row.get("file") instanceof JsonString, row.toString());
      assertTrue(row.get("expected") instanceof JsonString, row.toString());
      assertTrue(row.get("found") instanceof JsonString, row.toString());
    }
    assertTrue(failures >= 6, report.toString());
  }

  @Test
  void json_output_is_canonical_json_and_only_that() throws Exception {
    Cli r = Cli.run("verify", "--run", GOLDEN, "--json");
    assertEquals(0, r.exit(), r::toString);
    JsonObject report = json(r);
    assertEquals(new JsonString("zk-autograd/verify-report/v1"), report.get("format"));
    assertEquals(JsonBoolean.TRUE, report.get("passed"));
    assertEquals(new JsonString("run-20261124-101500"), report.get("run"));
    assertEquals(21, ((JsonArray) report.get("results")).size());
    assertEquals(r.out(), Json.writeString(report) + System.lineSeparator(), "stdout is exactly one canonical JSON document");
    assertEquals(JsonBoolean.FALSE, json(Cli.run("verify", "--run", RUNS.resolve("record-edited.CHAIN_MISMATCH").toString(), "--json"))
        .get("passed"));
  }

  @Test
  void a_seeded_sample_is_deterministic_and_printed() throws Exception {
    Cli a = Cli.run("verify", "--run", GOLDEN, "--k", "2", "--seed", "7");
    Cli b = Cli.run("verify", "--run", GOLDEN, "--k", "2", "--seed", "7");
    assertEquals(0, a.exit(), a::toString);
    assertEquals(a.out(), b.out());
    assertTrue(a.out().contains("2 of 3 steps, seed 7 (--k 2 --seed 7 repeats this sample)"), a::toString);
    JsonObject sample = (JsonObject) json(Cli.run("verify", "--run", GOLDEN, "--k", "2", "--seed", "7", "--json")).get("sample");
    assertEquals(new JsonString("7"), sample.get("seed"));
    assertEquals(2, ((JsonArray) sample.get("steps")).size());
    Cli unseeded = Cli.run("verify", "--run", GOLDEN, "--k", "1");
    assertTrue(unseeded.out().matches("(?s).*1 of 3 steps, seed -?\\d+ \\(--k 1 --seed -?\\d+ repeats this sample\\).*"), unseeded::toString);
  }

  @Test
  void different_seeds_draw_different_steps(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    SyntheticRun.write(run, tmp.resolve("anchor"), "run-sample", 40, 1, 16);
    String first = json(Cli.run("verify", "--run", run.toString(), "--k", "5", "--seed", "1", "--json")).get("sample").toString();
    String second = json(Cli.run("verify", "--run", run.toString(), "--k", "5", "--seed", "2", "--json")).get("sample").toString();
    assertNotEquals(first, second);
  }

  @Test
  void a_pinned_key_must_be_the_runs() {
    Cli right = Cli.run("verify", "--run", GOLDEN, "--key", VECTOR_KEY);
    assertEquals(0, right.exit(), right::toString);
    assertTrue(right.out().contains("key                   PASS"), right::toString);
    String other = SyntheticRun.key("run-20261124-101500").verifier().encode();
    Cli wrong = Cli.run("verify", "--run", GOLDEN, "--key", other);
    assertEquals(1, wrong.exit(), wrong::toString);
    assertTrue(wrong.out().contains("run_manifest.json names another checkpoint key than the pinned one [file run_manifest.json, field "
        + "log.verifier_key]: expected " + other), wrong::toString);
    Cli malformed = Cli.run("verify", "--run", GOLDEN, "--key", "not-a-key");
    assertEquals(2, malformed.exit(), malformed::toString);
    assertTrue(malformed.err().contains("--key is not a verifier key"), malformed::toString);
  }

  @Test
  void an_open_run_fails_unless_allowed() {
    String crashed = RUNS.resolve("crashed-run").toString();
    Cli strict = Cli.run("verify", "--run", crashed);
    assertEquals(1, strict.exit(), strict::toString);
    assertTrue(strict.out().contains("the run is not finished: only its prefix of 2 steps was checked"), strict::toString);
    assertEquals(0, Cli.run("verify", "--run", crashed, "--allow-open").exit());
  }

  @Test
  void unusable_input_exits_2(@TempDir Path tmp) {
    Cli missing = Cli.run("verify", "--run", tmp.resolve("nope").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing::toString);
    Cli empty = Cli.run("verify", "--run", tmp.toString());
    assertEquals(2, empty.exit());
    assertTrue(empty.err().contains("no run_manifest.json"), empty::toString);
    assertEquals(2, Cli.run("verify", "--run", GOLDEN, "--k", "0").exit());
    assertEquals(2, Cli.run("verify").exit(), "--run is required");
    assertEquals(2, Cli.run("verify", "--run", GOLDEN, "--anchor-dir", tmp.resolve("nope").toString()).exit());
  }

  @Test
  void the_seeds_key_dir_is_accepted_and_ignored(@TempDir Path tmp) {
    Cli r = Cli.run("verify", "--run", GOLDEN, "--key-dir", tmp.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("--key-dir ignored: the STARK backend needs no keys"), r::toString);
  }

  @Test
  void anchors_are_rechecked_with_anchor_dir(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    Path anchor = tmp.resolve("anchor");
    SyntheticRun.write(run, anchor, "run-anchored", 3, 2, 32);
    Cli ok = Cli.run("verify", "--run", run.toString(), "--anchor-dir", anchor.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().contains("anchors.recheck       PASS"), ok::toString);
    Path anchors = run.resolve("anchors.json");
    Files.writeString(anchors, Files.readString(anchors).replace("10:20:00Z", "10:19:00Z"));
    Cli edited = Cli.run("verify", "--run", run.toString(), "--anchor-dir", anchor.toString());
    assertEquals(1, edited.exit(), edited::toString);
    assertTrue(edited.out().contains("anchors.json's last file-counter receipt is not the one the anchor holds [file anchors.json"),
        edited::toString);
  }

  @Test
  void long_runs_show_a_progress_bar_on_stderr_only(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    SyntheticRun.write(run, tmp.resolve("anchor"), "run-long", 40, 1, 16);
    Cli r = Cli.run("verify", "--run", run.toString(), "--json");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("hashing files") && r.err().contains("checking proofs"), r::toString);
    assertEquals(JsonBoolean.TRUE, json(r).get("passed"), "stdout still parses");
    Cli small = Cli.run("verify", "--run", GOLDEN, "--json");
    assertFalse(small.err().contains("hashing files"), "no bar for a few steps");
  }
}
