package dev.zkautograd.core.audit;

import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What an audit of a run found: one {@link AuditResult} per check (a failing check may have several
 * rows, one per problem), in the order the checks ran. The run passes only if no row is a {@link
 * Outcome#FAIL}; a {@link Outcome#SKIP} is not a pass, and says why.
 *
 * @param runId the run's id, or null when its manifest did not read
 * @param status {@code open} or {@code finished}, or null when the manifest did not read
 * @param steps the number of records read, or null when {@code steps.jsonl} did not read
 * @param sample the steps whose proofs were checked, or null when the run did not read that far
 * @param pinnedKey the key the auditor pinned, or null
 */
public record AuditReport(String runId, String status, Long steps, StepSample sample, String pinnedKey, List<AuditResult> results) {
  /** The {@code format} member of {@link #toJson()}. */
  public static final String FORMAT = "zk-autograd/verify-report/v1";

  public AuditReport {
    results = List.copyOf(results);
  }

  /** True when no check failed. */
  public boolean passed() {
    return count(Outcome.FAIL) == 0;
  }

  public long count(Outcome outcome) {
    long n = 0;
    for (AuditResult r : results) {
      if (r.outcome() == outcome) n++;
    }
    return n;
  }

  /** The failed rows, in order. */
  public List<AuditResult> failures() {
    List<AuditResult> out = new ArrayList<>();
    for (AuditResult r : results) {
      if (r.outcome() == Outcome.FAIL) out.add(r);
    }
    return out;
  }

  /** The report as JSON ({@code docs/verify.md}); written canonical by the CLI's {@code --json}. */
  public JsonObject toJson() {
    List<JsonValue> rows = new ArrayList<>(results.size());
    for (AuditResult r : results) rows.add(r.toJson());
    JsonValue sampleJson = JsonNull.NULL;
    if (sample != null) {
      List<JsonValue> chosen = new ArrayList<>();
      for (long s : sample.steps()) chosen.add(JsonNumber.of(s));
      sampleJson = JsonObject.builder()
          .put("k", sample.k() == null ? JsonNull.NULL : JsonNumber.of(sample.k()))
          // A seed is any long; a decimal string keeps it exact beyond 2^53.
          .put("seed", sample.k() == null || sample.named() ? JsonNull.NULL : new JsonString(Long.toString(sample.seed())))
          .put("steps", sample.k() == null ? JsonNull.NULL : new JsonArray(chosen)) // null: every step
          .build();
    }
    return JsonObject.builder()
        .put("format", FORMAT)
        .put("run", runId == null ? JsonNull.NULL : new JsonString(runId))
        .put("status", status == null ? JsonNull.NULL : new JsonString(status))
        .put("steps", steps == null ? JsonNull.NULL : JsonNumber.of(steps))
        .put("pinned_key", pinnedKey == null ? JsonNull.NULL : new JsonString(pinnedKey))
        .put("sample", sampleJson)
        .put("passed", JsonBoolean.of(passed()))
        .put("counts", JsonObject.builder().put("pass", count(Outcome.PASS)).put("fail", count(Outcome.FAIL))
            .put("skip", count(Outcome.SKIP)).build())
        .put("results", new JsonArray(rows))
        .build();
  }
}
