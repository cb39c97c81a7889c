package dev.zkautograd.portal;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.EarlierHead;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.checkpoint.SignedNote;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.log.ConsistencyProof;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.InclusionProof;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.zk.backend.StarkProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.teavm.jso.JSExport;

/**
 * The browser verifier's surface, exported to JavaScript by TeaVM (WebAssembly GC): strings and
 * byte arrays in, a JSON verdict out ({@code docs/portal-verifier.md}). Every check is the code the
 * CLI runs: {@link RunAudit} for a run, and core's log and checkpoint routines and zk's STARK verifier
 * for single objects. A verdict is {@code {"format", "passed", "results": [...]}} with one row per
 * check in the CLI's report form ({@link AuditResult#toJson()}: check, result PASS/FAIL/SKIP, step,
 * file, field, detail, expected, found, reason), plus what the check established (a checkpoint's
 * size and root, a run's key and tree head).
 *
 * <p>Nothing here throws into the page: a bug becomes a verdict with {@code "error"} and passed
 * false.
 */
public final class BrowserVerifier {
  /** The {@code format} member of every verdict. */
  public static final String FORMAT = "zk-autograd/browser-verdict/v1";

  /** Longest request document the single-object checks read. */
  static final int MAX_REQUEST_BYTES = 1 << 20;

  private BrowserVerifier() {}

  /** TeaVM's entry point; the page calls the exports instead. */
  public static void main(String[] args) {}

  /** An empty set of fetched files; the page adds what it fetched and calls {@link FetchedRun#verify}. */
  @JSExport
  public static FetchedRun newRun() {
    return new FetchedRun();
  }

  /**
   * Audits the fetched files of a run: every check of {@code zk-autograd verify} on those files,
   * the STARK proofs of the steps asked for, an inclusion proof of each against the signed
   * checkpoint, and consistency from every anchored and remembered tree head to it.
   *
   * @param optionsJson {@code {"step": N | "all" | null, "seed": "decimal ≥ 0" | null, "pinned_key": VKEY | null,
   *     "remembered": [{"source", "size", "root"}]}}: with a {@code step}, the proofs of that step (of
   *     every step for {@code "all"}); without, of one step drawn with {@code seed}
   */
  public static String verifyRun(FetchedRun run, String optionsJson) {
    try {
      AuditOptions.Builder options = AuditOptions.builder().proofVerifier(RecordedStepVerifier.stark());
      JsonFields o = request(optionsJson);
      JsonValue step = o.has("step") ? o.value("step") : JsonNull.NULL;
      if (step instanceof JsonString all && all.value().equals("all")) {
        // every step's proofs: the default of AuditOptions
      } else if (step != JsonNull.NULL) {
        options.steps(List.of(o.integer("step", 0, Long.MAX_VALUE)));
      } else {
        options.sample(1, o.has("seed") && o.value("seed") != JsonNull.NULL ? o.decimalInteger("seed", 0, Long.MAX_VALUE) : 0);
      }
      NoteVerifier pinned = null;
      if (o.has("pinned_key") && o.value("pinned_key") != JsonNull.NULL) {
        pinned = NoteVerifier.parse(o.string("pinned_key", NoteVerifier.MAX_KEY_CHARS));
        options.pinnedKey(pinned);
      }
      List<EarlierHead> remembered = new ArrayList<>();
      if (o.has("remembered")) {
        List<JsonValue> heads = o.array("remembered", 64);
        for (int i = 0; i < heads.size(); i++) {
          JsonFields h = JsonFields.of(heads.get(i), o.elementPath("remembered", i));
          remembered.add(new EarlierHead(h.string("source", 256), h.integer("size", 0, Long.MAX_VALUE), h.digest("root")));
        }
      }
      AuditReport report = RunAudit.audit(run.files(), options.logProofs(remembered).build());
      JsonObject.Builder verdict = JsonObject.builder().putAll(report.toJson().without("format").members()).put("format", FORMAT)
          .put("key", keyJson(run, pinned)).put("head", headJson(run, report));
      return Json.writeString(verdict.build());
    } catch (CoreException e) {
      return requestError(e);
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /** The key the run's signatures were checked with (pinned, or named by its manifest) and its fingerprint. */
  private static JsonValue keyJson(FetchedRun run, NoteVerifier pinned) {
    NoteVerifier key = pinned;
    if (key == null) {
      try {
        key = NoteVerifier.parse(SignedManifest.parse(run.files().read(RunLayout.MANIFEST, RunManifest.MAX_BYTES)).manifest().log().verifierKey());
      } catch (CoreException e) {
        return JsonNull.NULL; // the manifest row says why
      }
    }
    return JsonObject.builder().put("verifier_key", key.encode()).put("name", key.name())
        .put("key_id", Hex.toHexString(new byte[] {(byte) (key.keyId() >>> 24), (byte) (key.keyId() >>> 16),
            (byte) (key.keyId() >>> 8), (byte) key.keyId()}))
        .put("fingerprint", Digest.sha256(key.publicKey()).hex())
        .put("pinned", pinned != null).build();
  }

  /** The signed tree head, when the checkpoint verified and commits to the log: for the page to remember. */
  private static JsonValue headJson(FetchedRun run, AuditReport report) {
    if (!passed(report, RunCheck.CHECKPOINT_SIGNATURE) || !passed(report, RunCheck.CHECKPOINT)) return JsonNull.NULL;
    try {
      Checkpoint cp = Checkpoint.parse(SignedNote.parse(run.files().read(RunLayout.CHECKPOINT, SignedNote.MAX_NOTE_BYTES)).body());
      return JsonObject.builder().put("size", cp.size()).put("root", cp.root().hex()).build();
    } catch (CoreException e) {
      return JsonNull.NULL;
    }
  }

  private static boolean passed(AuditReport report, RunCheck check) {
    boolean seen = false;
    for (AuditResult r : report.results()) {
      if (r.check() != check) continue;
      if (r.outcome() != Outcome.PASS) return false;
      seen = true;
    }
    return seen;
  }

  /**
   * Opens a C2SP signed note with {@code verifierKey}; with a non-empty {@code origin}, as a checkpoint
   * of that origin (its size and root go into the verdict).
   */
  @JSExport
  public static String verifyCheckpoint(String note, String verifierKey, String origin) {
    return single(RunCheck.CHECKPOINT_SIGNATURE, extra -> {
      NoteVerifier key = NoteVerifier.parse(verifierKey);
      SignedNote parsed = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
      if (origin == null || origin.isEmpty()) {
        parsed.verify(key);
        return "signed note with a valid signature by " + key.encode();
      }
      Checkpoint cp = Checkpoint.open(parsed, key, origin);
      List<JsonValue> ext = new ArrayList<>();
      for (String line : cp.extensions()) ext.add(new JsonString(line));
      extra.put("size", cp.size()).put("root", cp.root().hex()).put("extensions", new JsonArray(ext));
      return "checkpoint of " + origin + " signed by " + key.encode() + ": tree of " + cp.size() + " records, root " + cp.root().hex();
    });
  }

  /** Parses a C2SP verifier key; its canonical encoding and fingerprint go into the verdict. */
  @JSExport
  public static String verifyKey(String verifierKey) {
    return single(RunCheck.KEY, extra -> {
      NoteVerifier key = NoteVerifier.parse(verifierKey);
      extra.put("verifier_key", key.encode()).put("fingerprint", Digest.sha256(key.publicKey()).hex());
      return "an Ed25519 verifier key of " + key.name();
    });
  }

  /**
   * Checks an RFC 9162 inclusion proof: {@code {"leafHash", "index", "treeSize", "path": [hex],
   * "root"}} (the members of the inclusion vectors; others are ignored).
   */
  @JSExport
  public static String verifyInclusion(String requestJson) {
    return single(RunCheck.INCLUSION, extra -> {
      JsonFields r = request(requestJson);
      InclusionProof proof = new InclusionProof(r.integer("index", Long.MIN_VALUE, Long.MAX_VALUE),
          r.integer("treeSize", Long.MIN_VALUE, Long.MAX_VALUE), digests(r, "path"));
      proof.verify(r.digest("leafHash"), r.digest("root"));
      return "leaf " + proof.index() + " is in the tree of " + proof.treeSize() + " records with that root (" + proof.path().size()
          + " hashes)";
    });
  }

  /**
   * Checks an RFC 9162 consistency proof: {@code {"oldSize", "newSize", "path": [hex], "oldRoot",
   * "newRoot"}} (the members of the consistency vectors).
   */
  @JSExport
  public static String verifyConsistency(String requestJson) {
    return single(RunCheck.CONSISTENCY, extra -> {
      JsonFields r = request(requestJson);
      ConsistencyProof proof = new ConsistencyProof(r.integer("oldSize", Long.MIN_VALUE, Long.MAX_VALUE),
          r.integer("newSize", Long.MIN_VALUE, Long.MAX_VALUE), digests(r, "path"));
      proof.verify(r.digest("oldRoot"), r.digest("newRoot"));
      return "the tree of " + proof.oldSize() + " records is a prefix of the tree of " + proof.newSize() + " (" + proof.path().size()
          + " hashes)";
    });
  }

  /**
   * Walks a hash chain: {@code {"runId", "records": [line], "chain": [hex]}} (the chain vectors): each
   * record must link to its predecessor's chain value, the first to the run's genesis value.
   */
  @JSExport
  public static String verifyChain(String requestJson) {
    return single(RunCheck.CHAIN, extra -> {
      JsonFields r = request(requestJson);
      String runId = r.string("runId", RunLayout.MAX_RUN_ID_LENGTH);
      List<Digest> chain = digests(r, "chain");
      List<JsonValue> records = r.array("records", 1 << 16);
      Digest prev = HashChain.genesis(runId);
      for (int i = 0; i < chain.size(); i++) {
        if (i >= records.size() || !(records.get(i) instanceof JsonString line)) {
          throw r.bad("records", "a chain value without its record", "a record line", i >= records.size() ? "nothing" : "not a string");
        }
        HashChain.checkLink(i, prev, line.value().getBytes(StandardCharsets.UTF_8), chain.get(i));
        prev = chain.get(i);
      }
      return chain.size() + " records linked from the genesis value of " + runId;
    });
  }

  /** Parses one line of {@code steps.jsonl} as a step record (canonical JSON, consistent roots and chain value). */
  @JSExport
  public static String verifyRecord(byte[] line) {
    return single(RunCheck.RECORDS, extra -> {
      StepRecord r = StepRecord.parse(line);
      extra.put("step", r.step()).put("chain", r.chain().hex()).put("leaf_hash", r.leafHash().hex());
      return "step " + r.step() + " of run " + r.runId() + ", " + r.chunks().size() + (r.chunks().size() == 1 ? " chunk" : " chunks");
    });
  }

  /**
   * Verifies the STARK proof of chunk {@code chunk} of the step {@code recordLine} states, with the
   * public inputs rebuilt from the record exactly as the CLI does ({@link RecordedStepVerifier}).
   */
  @JSExport
  public static String verifyStepProof(byte[] recordLine, int chunk, byte[] proof) {
    return single(RunCheck.PROOF, extra -> {
      StepRecord r = StepRecord.parse(recordLine);
      if (chunk < 0 || chunk >= r.chunks().size()) {
        throw CoreException.of(Reason.BAD_FIELD, "no such chunk in the record").step(r.step()).field("chunks")
            .expected("0.." + (r.chunks().size() - 1)).actual(chunk).build();
      }
      ChunkEntry c = r.chunks().get(chunk);
      c.checkProof(r.step(), Digest.sha256(proof));
      RecordedStepVerifier.stark().verify(r, c, proof);
      return "the proof of chunk " + chunk + " of step " + r.step() + " verifies";
    });
  }

  /**
   * Verifies STARK proof bytes against explicit public inputs at the default policy: {@code
   * {"optimizer": "sgd"|"adam", "hyper_parameters": ["decimal", ...], "frac_bits", "step",
   * "total_parameters", "chunk_index", "offset", "length", "limb_bits", "root_state_in",
   * "root_state_out"}}. The verdict carries {@code statement}, the hex of the statement's canonical
   * bytes, so a caller can check it built the statement it meant.
   */
  @JSExport
  public static String verifyProof(String publicInputsJson, byte[] proof) {
    return single(RunCheck.PROOF, extra -> {
      JsonFields r = request(publicInputsJson);
      String kind = r.oneOf("optimizer", "sgd", "adam");
      List<Long> hyper = new ArrayList<>();
      List<JsonValue> hs = r.array("hyper_parameters", 8);
      for (int i = 0; i < hs.size(); i++) {
        JsonValue h = hs.get(i);
        try {
          if (!(h instanceof JsonString d)) throw new NumberFormatException();
          hyper.add(Long.parseLong(d.value()));
        } catch (NumberFormatException e) {
          throw r.bad("hyper_parameters", "not a 64-bit integer as a decimal string", "a decimal string", h.toString());
        }
      }
      StepStatement statement = new StepStatement(kind.equals("adam") ? OptimizerKind.ADAM : OptimizerKind.SGD, hyper,
          (int) r.integer("frac_bits", 0, 64), r.integer("step", 0, Long.MAX_VALUE), r.integer("total_parameters", 0, Long.MAX_VALUE),
          (int) r.integer("chunk_index", 0, Integer.MAX_VALUE), r.integer("offset", 0, Long.MAX_VALUE),
          (int) r.integer("length", 0, Integer.MAX_VALUE), (int) r.integer("limb_bits", 0, 64));
      extra.put("statement", Hex.toHexString(statement.toBytes()));
      StepPublicInputs inputs = new StepPublicInputs(statement, r.digest("root_state_in"), r.digest("root_state_out"));
      try {
        StarkProofVerifier.INSTANCE.verify(proof, inputs, VerificationPolicy.DEFAULT);
      } catch (VerificationException e) {
        CoreException.Builder b = CoreException.of(Reason.PROOF_INVALID, "the stark proof is rejected: " + e.getMessage())
            .field(e.reason().name());
        if (e.expected() != null || e.actual() != null) b.expected(e.expected()).actual(e.actual());
        throw b.build(e);
      }
      return "the proof verifies for step " + statement.step();
    });
  }

  /** One check's body: returns the detail of a pass, puts what it established into {@code extra}, or throws why it fails. */
  private interface Check {
    String run(JsonObject.Builder extra) throws CoreException;
  }

  /** A verdict of one row: the body's pass, or its failure; a bug becomes an error verdict. */
  private static String single(RunCheck check, Check body) {
    JsonObject.Builder extra = JsonObject.builder();
    AuditResult row;
    try {
      row = AuditResult.pass(check, body.run(extra));
    } catch (CoreException e) {
      row = AuditResult.fail(check, e);
    } catch (RuntimeException e) {
      return internalError(e);
    }
    return verdict(List.of(row), extra);
  }

  private static JsonFields request(String json) throws CoreException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_REQUEST_BYTES) {
      throw CoreException.of(Reason.TOO_LARGE, "request too large").expected("at most " + MAX_REQUEST_BYTES + " bytes")
          .actual(bytes.length + " bytes").build();
    }
    return JsonFields.of(Json.parse(bytes), null);
  }

  private static List<Digest> digests(JsonFields r, String name) throws CoreException {
    List<JsonValue> values = r.array(name, 1 << 16);
    List<Digest> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!(values.get(i) instanceof JsonString s)) {
        throw r.bad(name, "not a digest", "64 lower-case hex digits", values.get(i).kind());
      }
      out.add(Digest.parseHex(s.value(), r.elementPath(name, i)));
    }
    return out;
  }

  private static String verdict(List<AuditResult> rows, JsonObject.Builder extra) {
    boolean passed = true;
    List<JsonValue> json = new ArrayList<>();
    for (AuditResult r : rows) {
      passed &= r.outcome() != Outcome.FAIL;
      json.add(r.toJson());
    }
    return Json.writeString(extra.put("format", FORMAT).put("passed", passed).put("results", new JsonArray(json)).build());
  }

  /** A request the page built wrongly (not the run's fault): passed false, the reason in {@code error}. */
  private static String requestError(CoreException e) {
    return Json.writeString(JsonObject.builder().put("format", FORMAT).put("passed", false)
        .put("error", "bad request: " + e.getMessage()).put("results", new JsonArray(List.of())).build());
  }

  private static String internalError(RuntimeException e) {
    return Json.writeString(JsonObject.builder().put("format", FORMAT).put("passed", false)
        // The message only: class names are not kept in the WebAssembly build.
        .put("error", "internal error in the verifier (a bug; please report it): " + e.getMessage())
        .put("results", new JsonArray(List.of())).build());
  }
}
