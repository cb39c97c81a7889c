package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.RunCheck;
import java.util.Objects;

/**
 * One row of an audit report. A failure carries where it was found (file, step, field), what was
 * expected and what was found, and the error reason; a pass or a skip only its detail.
 *
 * @param step the step concerned, or null for a check of the whole run
 * @param file the file at fault, relative to the run directory, or null
 * @param field the field at fault (JSON member path, note line), or null
 * @param detail the sentence saying what holds, what failed or why the check was skipped
 * @param expected what the check expected, or null
 * @param found what it found instead, or null
 * @param reason the error reason of a failure, null otherwise
 * @param text the whole line a person reads: for a failure, the detail with location and values
 */
public record AuditResult(RunCheck check, Outcome outcome, Long step, String file, String field, String detail, String expected,
    String found, Reason reason, String text) {

  public AuditResult {
    Objects.requireNonNull(check);
    Objects.requireNonNull(outcome);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(text);
  }

  public static AuditResult pass(RunCheck check, String detail) {
    return new AuditResult(check, Outcome.PASS, null, null, null, detail, null, null, null, detail);
  }

  public static AuditResult skip(RunCheck check, String why) {
    return new AuditResult(check, Outcome.SKIP, null, null, null, why, null, null, null, why);
  }

  public static AuditResult fail(RunCheck check, CoreException e) {
    return new AuditResult(check, Outcome.FAIL, e.step(), e.file(), e.field(), e.detail(), e.expected(), e.actual(), e.reason(),
        e.getMessage());
  }

  /** The row as a JSON object ({@code docs/verify.md}); absent values are null. */
  public JsonObject toJson() {
    return JsonObject.builder()
        .put("check", check.id())
        .put("result", outcome.name())
        .put("step", step == null ? JsonNull.NULL : JsonNumber.of(step))
        .put("file", string(file))
        .put("field", string(field))
        .put("detail", detail)
        .put("expected", string(expected))
        .put("found", string(found))
        .put("reason", reason == null ? JsonNull.NULL : new JsonString(reason.name()))
        .build();
  }

  private static JsonValue string(String s) {
    return s == null ? JsonNull.NULL : new JsonString(s);
  }
}
