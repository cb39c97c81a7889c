package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run declares before its first step and keeps to its last: identity, proof backend,
 * optimizer rule, parameter count and chunk count, and free-form model information (name, base
 * model digest, ...). Every step record must agree with it.
 *
 * @param model string keys of {@code [a-z0-9_.-]} (1-64) to strings of at most 1024 characters
 * @param prover the attested prover whose key signs every step, or null for a run without step
 *     signatures
 */
public record RunSpec(String runId, UtcTime created, Backend backend, OptimizerSpec optimizer, long params, int chunks, Map<String, String> model,
    ProverDeclaration prover) {
  public static final int MAX_MODEL_ENTRIES = 64;

  public RunSpec {
    if (!RunLayout.isRunId(runId)) throw new IllegalArgumentException("not a run id: " + runId);
    if (params < 1 || params > JsonNumber.MAX_SAFE_INTEGER) throw new IllegalArgumentException("params out of range");
    if (chunks < 1 || chunks > StepDraft.MAX_CHUNKS || chunks > params) throw new IllegalArgumentException("chunks out of range");
    if (model.size() > MAX_MODEL_ENTRIES) throw new IllegalArgumentException("too many model entries");
    for (Map.Entry<String, String> e : model.entrySet()) {
      if (!isModelKey(e.getKey()) || e.getValue().length() > 1024) throw new IllegalArgumentException("bad model entry " + e.getKey());
      new JsonString(e.getValue()); // no lone surrogates
    }
    model = Collections.unmodifiableMap(new TreeMap<>(model));
    java.util.Objects.requireNonNull(created);
    java.util.Objects.requireNonNull(backend);
    java.util.Objects.requireNonNull(optimizer);
  }

  /** A run without an attested prover: its steps are not signed. */
  public RunSpec(String runId, UtcTime created, Backend backend, OptimizerSpec optimizer, long params, int chunks, Map<String, String> model) {
    this(runId, created, backend, optimizer, params, chunks, model, null);
  }

  /** The same declaration with the attested prover {@code p}. */
  public RunSpec withProver(ProverDeclaration p) {
    return new RunSpec(runId, created, backend, optimizer, params, chunks, model, p);
  }

  /** The checkpoint origin and signer name of this run. */
  public String origin() {
    return RunLayout.origin(runId);
  }

  /** Refuses a step that does not belong to this run: other run id, backend, rule, size or chunk count. */
  public void check(StepDraft d) throws CoreException {
    mustEqual("run", runId, d.runId());
    mustEqual("backend", backend.wire(), d.backend().wire());
    mustEqual("optimizer", optimizer.toJson(), d.optimizer().toJson()); // JSON: value equality, readable message
    mustEqual("params", params, d.params());
    mustEqual("chunks", chunks, d.chunks().size());
  }

  private static void mustEqual(String field, Object want, Object got) throws CoreException {
    if (!want.equals(got)) {
      throw CoreException.of(Reason.BAD_FIELD, "step does not match the run's declaration in run_manifest.json")
          .field(field).expected(want).actual(got).build();
    }
  }

  void writeTo(JsonObject.Builder b) {
    JsonObject.Builder m = JsonObject.builder();
    for (Map.Entry<String, String> e : model.entrySet()) m.put(e.getKey(), e.getValue());
    b.put("run", runId)
        .put("created", created.value())
        .put("backend", backend.wire())
        .put("optimizer", optimizer.toJson())
        .put("params", params)
        .put("chunks", chunks)
        .put("model", m.build());
    if (prover != null) {
      b.put("prover", prover.toJson());
    }
  }

  static RunSpec read(JsonFields f) throws CoreException {
    String runId = RunLayout.checkRunId(f.string("run", RunLayout.MAX_RUN_ID_LENGTH), f.field("run"));
    UtcTime created = UtcTime.parse(f.string("created", 32), f.field("created"));
    Backend backend = Backend.fromWire(f.oneOf("backend", Backend.STARK.wire(), Backend.EZKL.wire()));
    OptimizerSpec optimizer = OptimizerSpec.read(f.object("optimizer"));
    long params = f.integer("params", 1, JsonNumber.MAX_SAFE_INTEGER);
    int chunks = (int) f.integer("chunks", 1, Math.min(StepDraft.MAX_CHUNKS, params));
    JsonFields m = f.object("model");
    Map<String, String> model = new TreeMap<>();
    for (String key : m.unread()) {
      if (!isModelKey(key)) {
        throw m.bad(key, "model keys are 1-64 of a-z 0-9 _ . -", "[a-z0-9_.-]{1,64}", key);
      }
      model.put(key, m.string(key, 1024));
    }
    if (model.size() > MAX_MODEL_ENTRIES) {
      throw f.bad("model", "too many model entries", "at most " + MAX_MODEL_ENTRIES, model.size());
    }
    ProverDeclaration prover = f.has("prover") ? ProverDeclaration.read(f.object("prover")) : null;
    return new RunSpec(runId, created, backend, optimizer, params, chunks, model, prover);
  }

  private static boolean isModelKey(String k) {
    if (k.isEmpty() || k.length() > 64) return false;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return false;
    }
    return true;
  }
}
