package dev.zkautograd.core.run;

import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.checkpoint.StrictBase64;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonEdit;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.log.MerkleTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.util.encoders.Hex;

/**
 * Writes the committed test vectors under {@code core/src/test/resources/vectors/}: canonical-JSON
 * pairs, step records and run directories, good and deliberately broken. A broken vector is named
 * {@code <how-it-was-broken>.<REASON>} with the CoreException reason a reader must give.
 *
 * <p>Run from the repository root: {@code java -cp <core test class path> dev.zkautograd.core.run.VectorGenerator}
 * (or {@code mvn -pl core test -Dtest=VectorsTest -Dzka.regenerate=true}). Deterministic: running it
 * again writes the same bytes, which {@code VectorsTest} checks.
 */
public final class VectorGenerator {
  static final String RUN_ID = "run-20261124-101500";
  static final int KEY_SEED = 1;
  static final Instant ANCHOR_TIME = Instant.parse("2026-11-24T10:20:00Z");

  private VectorGenerator() {}

  public static void main(String[] args) throws Exception {
    generate(Path.of(args.length > 0 ? args[0] : "core/src/test/resources/vectors"));
  }

  public static void generate(Path root) throws Exception {
    json(clean(root.resolve("json")));
    stepRecords(clean(root.resolve("step-record")));
    runs(clean(root.resolve("run")));
  }

  // ---------------------------------------------------------------- canonical JSON

  private static void json(Path dir) throws Exception {
    good(dir, "rfc8785-sample", "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50,\n              2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}");
    good(dir, "rfc8785-sorting", "{\n  \"\\u20ac\": \"Euro Sign\",\n  \"\\r\": \"Carriage Return\",\n  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
        + "  \"1\": \"One\",\n  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n  \"\\u0080\": \"Control\",\n"
        + "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n}");
    good(dir, "rfc8785-unicode", "{\"Unnormalized Unicode\":\"A\\u030a\"}");
    good(dir, "whitespace-and-order", " { \"b\" : [ 1 , { \"z\" : null , \"a\" : true } ] ,\r\n\t\"a\" : \"x\" } ");
    good(dir, "escapes", "[\"\\u0041\\/\\b\\f\\n\\r\\t\\u001f\\u007f\\u00e9\\ud83d\\ude00\u00e9\u007f\"]");
    good(dir, "numbers", "[0, -0, 1.0, 1e2, -1.5E-3, 123456789012345678901234567890, 5e-324, 1.7976931348623157e308, 9007199254740993, 1e21, 1e-7]");
    good(dir, "empty-containers", "{\"a\":{},\"b\":[],\"c\":\"\"}");

    broken(dir, "duplicate-member", "MALFORMED", "{\"a\":1,\"a\":2}");
    broken(dir, "lone-high-surrogate", "MALFORMED", "[\"\\ud800\"]");
    broken(dir, "lone-low-surrogate", "MALFORMED", "[\"\\udc00x\"]");
    broken(dir, "overlong-utf8", "MALFORMED", Hex.decode("5b22c0af225d"));
    broken(dir, "utf8-encoded-surrogate", "MALFORMED", Hex.decode("5b22eda080225d"));
    broken(dir, "truncated-utf8", "MALFORMED", Hex.decode("5b22e282225d"));
    broken(dir, "beyond-u10ffff", "MALFORMED", Hex.decode("5b22f4908080225d"));
    broken(dir, "control-char-in-string", "MALFORMED", "[\"a\u0001b\"]");
    broken(dir, "trailing-comma", "MALFORMED", "[1,2,]");
    broken(dir, "leading-zero", "MALFORMED", "[012]");
    broken(dir, "byte-order-mark", "MALFORMED", Hex.decode("efbbbf7b7d"));
    broken(dir, "nan", "MALFORMED", "[NaN]");
    broken(dir, "number-overflows-double", "MALFORMED", "[1e400]");
    broken(dir, "single-quotes", "MALFORMED", "{'a':1}");
    broken(dir, "two-documents", "MALFORMED", "{}{}");
    broken(dir, "nested-65-deep", "TOO_LARGE", "[".repeat(65) + "]".repeat(65));
    broken(dir, "members-unsorted", "NOT_CANONICAL", "{\"b\":1,\"a\":2}");
    broken(dir, "whitespace", "NOT_CANONICAL", "{\"a\": 1}");
    broken(dir, "unneeded-escape", "NOT_CANONICAL", "[\"\\u0041\"]");
    broken(dir, "escaped-slash", "NOT_CANONICAL", "[\"\\/\"]");
    broken(dir, "uppercase-hex-escape", "NOT_CANONICAL", "[\"\\u001F\"]");
    broken(dir, "number-not-shortest", "NOT_CANONICAL", "[1.0]");
    broken(dir, "exponent-not-ecmascript", "NOT_CANONICAL", "[1E+30]");
    broken(dir, "trailing-newline", "NOT_CANONICAL", "{\"a\":1}\n");
  }

  private static void good(Path dir, String name, String input) throws Exception {
    byte[] in = input.getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(name + ".in.json"), in);
    Files.write(dir.resolve(name + ".canonical.json"), Json.write(Json.parse(in)));
  }

  private static void broken(Path dir, String name, String reason, String input) throws IOException {
    broken(dir, name, reason, input.getBytes(StandardCharsets.UTF_8));
  }

  private static void broken(Path dir, String name, String reason, byte[] input) throws IOException {
    Files.write(dir.resolve(name + "." + reason + ".json"), input);
  }

  // ---------------------------------------------------------------- step records

  private static void stepRecords(Path dir) throws Exception {
    RunSpec one = RunFixtures.spec(RUN_ID, 1);
    RunSpec four = RunFixtures.spec(RUN_ID, 4);
    StepRecord adam0 = StepRecord.seal(RunFixtures.step(one, 0, 64).draft(), dev.zkautograd.core.log.HashChain.genesis(RUN_ID));
    StepRecord adam1 = StepRecord.seal(RunFixtures.step(four, 1, 64).draft(), adam0.chain());
    StepDraft sgdDraft = RunFixtures.step(one, 2, 64).draft().toBuilder().optimizer(new OptimizerSpec.Sgd(32, 42950, 4294967296L)).build();
    StepRecord sgd = StepRecord.seal(sgdDraft, adam1.chain());
    StepRecord signed = StepRecord.seal(RunFixtures.step(one, 3, 64).draft().toBuilder()
        .signature(new StepSignature("prover-key-1", Digest.sha256("sig".getBytes(StandardCharsets.UTF_8)).bytes())).build(), sgd.chain());
    Files.write(dir.resolve("good-adam-one-chunk.json"), adam0.line());
    Files.write(dir.resolve("good-adam-four-chunks.json"), adam1.line());
    Files.write(dir.resolve("good-sgd.json"), sgd.line());
    Files.write(dir.resolve("good-with-signature.json"), signed.line());

    JsonValue base = Json.parse(adam1.line());
    brokenRecord(dir, "unknown-member", "BAD_FIELD", base, "extra", JsonNumber.of(1));
    brokenRecord(dir, "missing-prev", "MISSING_FIELD", base, "prev", null);
    brokenRecord(dir, "missing-chunks", "MISSING_FIELD", base, "chunks", null);
    brokenRecord(dir, "missing-chunk-state-out", "MISSING_FIELD", base, "chunks[2].state_out", null);
    brokenRecord(dir, "step-as-string", "BAD_FIELD", base, "step", new JsonString("1"));
    brokenRecord(dir, "step-with-fraction", "BAD_FIELD", base, "step", JsonNumber.of(1.5));
    brokenRecord(dir, "step-with-exponent-value", "BAD_FIELD", base, "step", JsonNumber.of(1e22));
    brokenRecord(dir, "step-beyond-safe-integers", "BAD_FIELD", base, "step", JsonNumber.of(9007199254740992.0));
    brokenRecord(dir, "negative-params", "BAD_FIELD", base, "params", JsonNumber.of(-1000));
    brokenRecord(dir, "format-v2", "UNSUPPORTED_VERSION", base, "format", new JsonString("zk-autograd/step/v2"));
    brokenRecord(dir, "unknown-backend", "BAD_FIELD", base, "backend", new JsonString("groth16"));
    brokenRecord(dir, "bad-run-id", "BAD_FIELD", base, "run", new JsonString("../run"));
    brokenRecord(dir, "adam-without-beta1", "MISSING_FIELD", base, "optimizer.beta1", null);
    brokenRecord(dir, "sgd-with-beta1", "BAD_FIELD", Json.parse(sgd.line()), "optimizer.beta1", new JsonString("1"));
    brokenRecord(dir, "unknown-optimizer", "BAD_FIELD", base, "optimizer.kind", new JsonString("lion"));
    brokenRecord(dir, "lr-leading-zero", "BAD_FIELD", base, "optimizer.lr", new JsonString("042950"));
    brokenRecord(dir, "lr-as-number", "BAD_FIELD", base, "optimizer.lr", JsonNumber.of(42950));
    brokenRecord(dir, "beta1-equals-one", "BAD_FIELD", base, "optimizer.beta1", new JsonString("4294967296"));
    brokenRecord(dir, "frac-bits-zero", "BAD_FIELD", base, "optimizer.frac_bits", JsonNumber.of(0));
    brokenRecord(dir, "chunk-gap", "BAD_FIELD", base, "chunks[1].offset", JsonNumber.of(251));
    brokenRecord(dir, "chunk-overlap", "BAD_FIELD", base, "chunks[1].offset", JsonNumber.of(249));
    brokenRecord(dir, "chunk-index-out-of-order", "BAD_FIELD", base, "chunks[1].index", JsonNumber.of(2));
    brokenRecord(dir, "chunks-short-of-params", "BAD_FIELD", base, "params", JsonNumber.of(1001));
    brokenRecord(dir, "chunks-past-params", "BAD_FIELD", base, "params", JsonNumber.of(999));
    brokenRecord(dir, "chunks-empty", "BAD_FIELD", base, "chunks", new JsonArray(List.of()));
    brokenRecord(dir, "zero-length-chunk", "BAD_FIELD", base, "chunks[3].length", JsonNumber.of(0));
    brokenRecord(dir, "proof-path-dotdot", "BAD_FIELD", base, "chunks[0].proof", new JsonString("proofs/../../etc/passwd"));
    brokenRecord(dir, "proof-path-absolute", "BAD_FIELD", base, "chunks[0].proof", new JsonString("/etc/passwd"));
    brokenRecord(dir, "proof-path-windows-absolute", "BAD_FIELD", base, "chunks[0].proof", new JsonString("C:/proofs/x.proof"));
    brokenRecord(dir, "proof-path-backslash", "BAD_FIELD", base, "chunks[0].proof", new JsonString("proofs\\step_00001.proof"));
    brokenRecord(dir, "proof-path-outside-proofs", "BAD_FIELD", base, "chunks[0].proof", new JsonString("steps.jsonl"));
    brokenRecord(dir, "proof-path-shared-by-two-chunks", "BAD_FIELD", base, "chunks[1].proof", new JsonString("proofs/step_00001/chunk_000.proof"));
    brokenRecord(dir, "state-in-uppercase-hex", "BAD_FIELD", base, "chunks[0].state_in",
        new JsonString(adam1.chunks().get(0).stateIn().hex().toUpperCase(java.util.Locale.ROOT)));
    brokenRecord(dir, "digest-too-short", "BAD_FIELD", base, "prev", new JsonString("00"));
    brokenRecord(dir, "loss-with-exponent", "BAD_FIELD", base, "loss", new JsonString("1e-3"));
    brokenRecord(dir, "negative-quantisation-error", "BAD_FIELD", base, "quantisation.max_abs_error", new JsonString("-0.1"));
    brokenRecord(dir, "signature-not-base64", "BAD_FIELD", Json.parse(signed.line()), "signature.sig", new JsonString("not base64!"));
    brokenRecord(dir, "signature-non-canonical-base64", "BAD_FIELD", Json.parse(signed.line()), "signature.sig", new JsonString("QR=="));
    brokenRecord(dir, "signature-unknown-member", "BAD_FIELD", Json.parse(signed.line()), "signature.alg", new JsonString("ed25519"));
    brokenRecord(dir, "chunks-root-wrong", "ROOT_MISMATCH", base, "chunks_root", new JsonString(adam0.chunksRoot().hex()));
    brokenRecord(dir, "state-in-root-wrong", "ROOT_MISMATCH", base, "state_in", new JsonString(adam1.stateOut().hex()));
    brokenRecord(dir, "chunk-state-edited", "ROOT_MISMATCH", base, "chunks[0].state_out", new JsonString(adam1.chunks().get(0).stateIn().hex()));
    brokenRecord(dir, "chain-wrong", "CHAIN_MISMATCH", base, "chain", new JsonString(adam0.chain().hex()));
    brokenRecord(dir, "prev-edited", "CHAIN_MISMATCH", base, "prev", new JsonString(adam1.chain().hex()));
    brokenRecord(dir, "loss-edited", "CHAIN_MISMATCH", base, "loss", new JsonString("0.0001"));

    String line = new String(adam1.line(), StandardCharsets.UTF_8);
    brokenRaw(dir, "space-after-colon", "NOT_CANONICAL", line.replaceFirst(":", ": "));
    brokenRaw(dir, "escaped-slash", "NOT_CANONICAL", line.replace("zk-autograd/step/v1", "zk-autograd\\/step\\/v1"));
    brokenRaw(dir, "with-newline", "NOT_CANONICAL", line + "\n");
    brokenRaw(dir, "duplicate-member", "MALFORMED", line.substring(0, line.length() - 1) + ",\"step\":1}");
    brokenRaw(dir, "lone-surrogate", "MALFORMED", line.replace("\"loss\":\"", "\"loss\":\"\\ud800"));
    brokenRaw(dir, "truncated", "MALFORMED", line.substring(0, line.length() / 2));
    byte[] badUtf8 = adam1.line();
    badUtf8[line.indexOf("\"loss\":\"") + 8] = (byte) 0xff;
    Files.write(dir.resolve("invalid-utf8.MALFORMED.json"), badUtf8);
    brokenRaw(dir, "not-an-object", "BAD_FIELD", "[" + line + "]");
  }

  private static void brokenRecord(Path dir, String name, String reason, JsonValue base, String path, JsonValue value) throws IOException {
    Files.write(dir.resolve(name + "." + reason + ".json"), Json.write(JsonEdit.set(base, path, value)));
  }

  private static void brokenRaw(Path dir, String name, String reason, String text) throws IOException {
    Files.write(dir.resolve(name + "." + reason + ".json"), text.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- run directories

  private static void runs(Path dir) throws Exception {
    Path anchorDir = Files.createTempDirectory("zka-vector-anchor");
    try {
      Path golden = dir.resolve("golden-run");
      writeRun(golden, RunFixtures.spec(RUN_ID, 1), anchorDir.resolve("a"));
      writeRun(dir.resolve("golden-run-chunked"), RunFixtures.spec(RUN_ID, 2), anchorDir.resolve("b"));

      Path crashed = dir.resolve("crashed-run");
      try (RunWriter w = RunWriter.create(crashed, RunFixtures.spec(RUN_ID, 1), RunFixtures.signer(RUN_ID, KEY_SEED))) {
        RunFixtures.writeSteps(w, 2, 256);
      }
      byte[] torn = StepRecord.seal(RunFixtures.step(RunFixtures.spec(RUN_ID, 1), 2, 256).draft(),
          RunReader.read(crashed).steps().get(1).chain()).line();
      Files.write(crashed.resolve(RunLayout.STEPS), java.util.Arrays.copyOf(torn, torn.length / 2), java.nio.file.StandardOpenOption.APPEND);

      brokenRun(dir, golden, "proof-byte-flipped", "DIGEST_MISMATCH", d -> flip(d.resolve("proofs/step_00001.proof"), 10));
      brokenRun(dir, golden, "proof-file-missing", "IO", d -> Files.delete(d.resolve("proofs/step_00002.proof")));
      brokenRun(dir, golden, "middle-step-removed", "STEP_SEQUENCE", d -> editLines(d, l -> List.of(l.get(0), l.get(2))));
      brokenRun(dir, golden, "steps-swapped", "STEP_SEQUENCE", d -> editLines(d, l -> List.of(l.get(0), l.get(2), l.get(1))));
      brokenRun(dir, golden, "record-edited", "CHAIN_MISMATCH", d -> editLines(d, l -> List.of(l.get(0), l.get(1).replace("\"loss\":\"", "\"loss\":\"1"), l.get(2))));
      brokenRun(dir, golden, "record-edited-and-rechained", "ROOT_MISMATCH", d -> {
        List<StepDraft> drafts = drafts(d);
        drafts.set(1, drafts.get(1).toBuilder().loss("0.0001").build());
        writeLines(d, seal(drafts));
      });
      brokenRun(dir, golden, "state-chain-broken-resealed", "STATE_CHAIN_BROKEN", d -> {
        List<StepDraft> drafts = drafts(d);
        StepDraft s2 = drafts.get(2);
        ChunkEntry c = s2.chunks().get(0);
        drafts.set(2, s2.toBuilder().chunks(List.of(new ChunkEntry(0, c.offset(), c.length(), RunFixtures.state(RUN_ID, 99, 0), c.stateOut(),
            c.proof(), c.proofSha256()))).build());
        resealAll(d, seal(drafts));
      });
      brokenRun(dir, golden, "torn-line-in-finished-run", "MALFORMED", d -> Files.write(d.resolve(RunLayout.STEPS),
          "{\"format\":".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND));
      brokenRun(dir, golden, "merkle-root-wrong", "ROOT_MISMATCH", d -> Files.write(d.resolve(RunLayout.MERKLE_ROOT),
          MerkleRootFile.format(Digest.sha256(new byte[1]))));
      brokenRun(dir, golden, "merkle-root-no-newline", "MALFORMED", d -> Files.write(d.resolve(RunLayout.MERKLE_ROOT),
          java.util.Arrays.copyOf(Files.readAllBytes(d.resolve(RunLayout.MERKLE_ROOT)), 64)));
      brokenRun(dir, golden, "checkpoint-signature-flipped", "SIGNATURE_INVALID", d -> {
        String t = Files.readString(d.resolve(RunLayout.CHECKPOINT));
        int at = t.lastIndexOf(' ') + 10;
        char c = t.charAt(at);
        Files.writeString(d.resolve(RunLayout.CHECKPOINT), t.substring(0, at) + (c == 'A' ? 'B' : 'A') + t.substring(at + 1));
      });
      brokenRun(dir, golden, "checkpoint-by-other-key", "SIGNATURE_INVALID", d -> {
        NoteSigner other = RunFixtures.signer(RUN_ID, KEY_SEED + 1);
        StepLog log = RunReader.read(d).log();
        Files.writeString(d.resolve(RunLayout.CHECKPOINT),
            other.sign(new Checkpoint(RunLayout.origin(RUN_ID), log.size(), log.root(log.size()), List.of()).body()).text());
      });
      brokenRun(dir, golden, "checkpoint-of-shorter-tree", "ROOT_MISMATCH", d -> {
        StepLog log = RunReader.read(d).log();
        Files.writeString(d.resolve(RunLayout.CHECKPOINT), RunFixtures.signer(RUN_ID, KEY_SEED)
            .sign(new Checkpoint(RunLayout.origin(RUN_ID), 2, log.root(2), List.of()).body()).text());
      });
      brokenRun(dir, golden, "manifest-claims-fewer-steps", "STEP_SEQUENCE", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(JsonEdit.set(m, "steps", JsonNumber.of(2)), "log.size", JsonNumber.of(2))));
      // files, sorted: checkpoint, merkle_root.txt, proofs/step_0000{0,1,2}.proof, steps.jsonl
      brokenRun(dir, golden, "manifest-proof-digest-wrong", "DIGEST_MISMATCH", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(m, "files[2].sha256", new JsonString(Digest.sha256(new byte[0]).hex()))));
      brokenRun(dir, golden, "manifest-steps-digest-wrong", "DIGEST_MISMATCH", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(m, "files[5].sha256", new JsonString(Digest.sha256(new byte[0]).hex()))));
      brokenRun(dir, golden, "manifest-steps-size-wrong", "DIGEST_MISMATCH", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(m, "files[5].size", JsonNumber.of(1))));
      brokenRun(dir, golden, "manifest-unknown-member", "BAD_FIELD", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "note", new JsonString("hello"))));
      brokenRun(dir, golden, "manifest-format-v9", "UNSUPPORTED_VERSION", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "format", new JsonString("zk-autograd/manifest/v9"))));
      brokenRun(dir, golden, "manifest-other-optimizer", "BAD_FIELD", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(m, "optimizer.lr", new JsonString("1"))));
      brokenRun(dir, golden, "manifest-created-edited", "SIGNATURE_INVALID", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "created", new JsonString("2026-11-24T10:15:01Z"))));
      brokenRun(dir, golden, "manifest-model-edited", "SIGNATURE_INVALID", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "model.name", new JsonString("tiny-mlq"))));
      brokenRun(dir, golden, "manifest-signature-missing", "MISSING_FIELD", d -> editManifest(d, m -> m.without("signature")));
      brokenRun(dir, golden, "manifest-signature-not-base64", "MALFORMED", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "signature", new JsonString("not base64!"))));
      brokenRun(dir, golden, "manifest-signature-63-bytes", "BAD_FIELD", d -> editManifest(d, m ->
          (JsonObject) JsonEdit.set(m, "signature", new JsonString(StrictBase64.encode(new byte[63])))));
      brokenRun(dir, golden, "manifest-signed-by-other-key", "SIGNATURE_INVALID", d -> editManifest(d, m -> {
        byte[] unsigned = Json.write(m.without("signature"));
        byte[] message = java.util.Arrays.copyOf(SignedManifest.CONTEXT, SignedManifest.CONTEXT.length + unsigned.length);
        System.arraycopy(unsigned, 0, message, SignedManifest.CONTEXT.length, unsigned.length);
        byte[] sig = RunFixtures.signer(RUN_ID, KEY_SEED + 1).signMessage(message);
        return (JsonObject) JsonEdit.set(m, "signature", new JsonString(StrictBase64.encode(sig)));
      }));
      brokenRun(dir, golden, "unlisted-file", "MISSING_FIELD", d -> Files.writeString(d.resolve("proofs/notes.txt"), "not part of the run\n"));
      Path signed = dir.resolve("golden-run-signed");
      writeRun(signed, RunFixtures.signedSpec(RUN_ID, 2), anchorDir.resolve("c"));
      StepSigner prover = RunFixtures.proverSigner(1);
      StepSigner other = RunFixtures.proverSigner(2);
      brokenRun(dir, signed, "step-unsigned-in-signed-run", "MISSING_FIELD", d -> editDrafts(d, 1, x -> x.toBuilder().signature(null).build()));
      brokenRun(dir, signed, "step-signature-of-other-step", "SIGNATURE_INVALID", d -> {
        StepSignature first = drafts(d).get(1).signature();
        editDrafts(d, 2, x -> x.toBuilder().signature(first).build());
      });
      brokenRun(dir, signed, "step-signature-replayed-from-other-run", "SIGNATURE_INVALID",
          d -> editDrafts(d, 1, x -> RunFixtures.signed(x, prover, "run-20261124-999999", 1)));
      brokenRun(dir, signed, "step-signed-by-other-key", "SIGNATURE_INVALID", d -> editDrafts(d, 1, x -> RunFixtures.signed(x, other, RUN_ID, 1)));
      brokenRun(dir, signed, "step-signature-key-id-forged", "SIGNATURE_INVALID", d -> editDrafts(d, 1, x ->
          x.toBuilder().signature(new StepSignature(prover.keyId(), RunFixtures.signed(x, other, RUN_ID, 1).signature().sig())).build()));
      brokenRun(dir, signed, "manifest-prover-key-swapped", "SIGNATURE_INVALID", d -> editManifestResigned(d, m ->
          (JsonObject) JsonEdit.set(m, "prover.signing_key", new JsonString(StrictBase64.encode(other.publicKey())))));

      brokenRun(dir, golden, "anchor-root-wrong", "ROOT_MISMATCH", d -> editAnchors(d, a ->
          (JsonObject) JsonEdit.set(a, "anchors[0].root", new JsonString(Digest.sha256(new byte[0]).hex()))));
      brokenRun(dir, golden, "anchor-counter-repeated", "ANCHOR_REJECTED", d -> editAnchors(d, a -> {
        JsonArray l = (JsonArray) a.get("anchors");
        return (JsonObject) JsonEdit.set(a, "anchors", new JsonArray(List.of(l.get(0), l.get(0))));
      }));
    } finally {
      deleteTree(anchorDir);
    }
  }

  private static void writeRun(Path runDir, RunSpec spec, Path anchorDir) throws Exception {
    try (RunWriter w = RunWriter.create(runDir, spec, RunFixtures.signer(RUN_ID, KEY_SEED))) {
      RunFixtures.writeSteps(w, 3, 256);
      w.finish(new FileCounterAnchor(anchorDir, Clock.fixed(ANCHOR_TIME, ZoneOffset.UTC)));
    }
  }

  interface Edit {
    void apply(Path runDir) throws Exception;
  }

  private static void brokenRun(Path dir, Path golden, String name, String reason, Edit edit) throws Exception {
    Path d = dir.resolve(name + "." + reason);
    copyTree(golden, d);
    edit.apply(d);
  }

  private static List<String> lines(Path runDir) throws IOException {
    String s = Files.readString(runDir.resolve(RunLayout.STEPS));
    return new ArrayList<>(List.of(s.substring(0, s.length() - 1).split("\n")));
  }

  private static void editLines(Path runDir, UnaryOperator<List<String>> f) throws IOException {
    Files.writeString(runDir.resolve(RunLayout.STEPS), String.join("\n", f.apply(lines(runDir))) + "\n");
  }

  private static List<StepDraft> drafts(Path runDir) throws Exception {
    List<StepDraft> d = new ArrayList<>();
    for (String l : lines(runDir)) d.add(StepRecord.parse(l.getBytes(StandardCharsets.UTF_8)).draft());
    return d;
  }

  interface DraftEdit {
    StepDraft apply(StepDraft d) throws Exception;
  }

  /** Replaces step {@code step}'s draft and rewrites every derived file with the run key: only the step's own checks remain. */
  private static void editDrafts(Path runDir, int step, DraftEdit f) throws Exception {
    List<StepDraft> drafts = drafts(runDir);
    drafts.set(step, f.apply(drafts.get(step)));
    resealAll(runDir, seal(drafts));
  }

  private static List<StepRecord> seal(List<StepDraft> drafts) {
    List<StepRecord> out = new ArrayList<>();
    for (StepDraft d : drafts) {
      out.add(StepRecord.seal(d, out.isEmpty() ? dev.zkautograd.core.log.HashChain.genesis(d.runId()) : out.get(out.size() - 1).chain()));
    }
    return out;
  }

  private static void writeLines(Path runDir, List<StepRecord> records) throws IOException {
    StringBuilder s = new StringBuilder();
    for (StepRecord r : records) s.append(new String(r.line(), StandardCharsets.UTF_8)).append('\n');
    Files.writeString(runDir.resolve(RunLayout.STEPS), s);
  }

  /** Rewrites every derived file with the run key, as a dishonest writer holding the key could: only the records' own checks remain. */
  private static void resealAll(Path runDir, List<StepRecord> records) throws Exception {
    writeLines(runDir, records);
    List<Digest> leaves = new ArrayList<>();
    for (StepRecord r : records) leaves.add(r.leafHash());
    Digest root = MerkleTree.ofLeafHashes(leaves).root();
    Files.write(runDir.resolve(RunLayout.MERKLE_ROOT), MerkleRootFile.format(root));
    Files.writeString(runDir.resolve(RunLayout.CHECKPOINT), RunFixtures.signer(RUN_ID, KEY_SEED)
        .sign(new Checkpoint(RunLayout.origin(RUN_ID), records.size(), root, List.of()).body()).text());
    Files.deleteIfExists(runDir.resolve(RunLayout.ANCHORS));
    RunManifest m = SignedManifest.parse(Files.readAllBytes(runDir.resolve(RunLayout.MANIFEST))).manifest();
    List<RunManifest.FileEntry> files = new ArrayList<>();
    for (RunManifest.FileEntry f : m.files()) {
      byte[] b = Files.readAllBytes(runDir.resolve(f.path().value()));
      files.add(new RunManifest.FileEntry(f.path(), b.length, Digest.sha256(b)));
    }
    Files.write(runDir.resolve(RunLayout.MANIFEST), SignedManifest.sign(new RunManifest(m.spec(), m.status(), m.steps(),
        new RunManifest.LogHead(m.log().size(), root, m.log().checkpoint(), m.log().verifierKey()), files, m.torrent()),
        RunFixtures.signer(RUN_ID, KEY_SEED)).bytes());
  }

  /** Edits the manifest and leaves its signature as it was: an edit without the run key. */
  private static void editManifest(Path runDir, UnaryOperator<JsonObject> f) throws Exception {
    Path p = runDir.resolve(RunLayout.MANIFEST);
    Files.write(p, Json.write(f.apply((JsonObject) Json.parse(Files.readAllBytes(p)))));
  }

  /** Edits the manifest and signs it again with the run key, as a dishonest writer holding the key could: the deeper checks must catch it. */
  private static void editManifestResigned(Path runDir, UnaryOperator<JsonObject> f) throws Exception {
    Path p = runDir.resolve(RunLayout.MANIFEST);
    JsonObject edited = f.apply(((JsonObject) Json.parse(Files.readAllBytes(p))).without("signature"));
    RunManifest m = RunManifest.read(dev.zkautograd.core.json.JsonFields.of(edited, null));
    Files.write(p, SignedManifest.sign(m, RunFixtures.signer(RUN_ID, KEY_SEED)).bytes());
  }

  private static void editAnchors(Path runDir, UnaryOperator<JsonObject> f) throws Exception {
    Path p = runDir.resolve(RunLayout.ANCHORS);
    Files.write(p, Json.write(f.apply((JsonObject) Json.parse(Files.readAllBytes(p), JsonParseOptions.CANONICAL))));
  }

  private static void flip(Path file, int at) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[at] ^= 1;
    Files.write(file, b);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static Path clean(Path dir) throws IOException {
    deleteTree(dir);
    Files.createDirectories(dir);
    return dir;
  }
}
