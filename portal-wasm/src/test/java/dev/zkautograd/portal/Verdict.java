package dev.zkautograd.portal;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A verdict document of the browser verifier, read back in a test (with core's own JSON parser). */
record Verdict(JsonObject json, List<Row> rows) {

  /** One check row. */
  record Row(String check, String result, Long step, String file, String field, String reason, String detail) {
    @Override
    public String toString() {
      return result + " " + check + (step == null ? "" : " step " + step) + (file == null ? "" : " " + file)
          + (reason == null ? "" : " " + reason) + ": " + detail;
    }
  }

  static Verdict parse(String text) {
    try {
      JsonObject o = (JsonObject) Json.parse(text.getBytes(StandardCharsets.UTF_8));
      List<Row> rows = new ArrayList<>();
      JsonValue results = o.get("results");
      if (results instanceof JsonArray a) {
        for (JsonValue v : a.elements()) {
          JsonObject r = (JsonObject) v;
          rows.add(new Row(string(r, "check"), string(r, "result"), r.get("step") instanceof JsonNumber n ? (long) n.value() : null,
              string(r, "file"), string(r, "field"), string(r, "reason"), string(r, "detail")));
        }
      }
      return new Verdict(o, rows);
    } catch (CoreException | ClassCastException e) {
      throw new AssertionError("not a verdict: " + text, e);
    }
  }

  private static String string(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s ? s.value() : null;
  }

  boolean passed() {
    return json.get("passed") == dev.zkautograd.core.json.JsonBoolean.TRUE;
  }

  List<Row> failures() {
    return rows.stream().filter(r -> r.result().equals("FAIL")).toList();
  }

  /** The results array as canonical JSON, for comparing two verdicts row by row. */
  String resultsJson() {
    return Json.writeString(json.get("results"));
  }

  JsonValue get(String member) {
    return json.get(member);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(passed() ? "PASSED" : "FAILED");
    if (json.get("error") instanceof JsonString e) b.append(" error: ").append(e.value());
    for (Row r : rows) b.append("\n  ").append(r);
    return b.toString();
  }
}
