package dev.zkautograd.ezkl.worker;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import java.util.Set;

/**
 * One response frame, parsed: {@code {"v":1,"id":N,"ok":true,"result":{...}}} or {@code
 * {"v":1,"id":N,"ok":false,"error":{"code":C,"message":M}}}. Anything else is a PROTOCOL error.
 *
 * @param id the request's id; 0 when the worker could not read the request's id (a broken frame)
 * @param result the result object when {@code ok}, else null
 * @param errorCode one of {@link #ERROR_CODES} when not {@code ok}, else null
 * @param errorMessage the worker's sentence when not {@code ok}, else null
 */
public record WorkerResponse(long id, boolean ok, JsonObject result, String errorCode, String errorMessage) {
  /** The protocol version this client speaks. */
  public static final int PROTOCOL = 1;

  /** The error codes a worker may send. */
  public static final Set<String> ERROR_CODES = Set.of("BAD_FRAME", "BAD_REQUEST", "UNKNOWN_OP", "BAD_INPUT", "EZKL_FAILED", "INTERNAL");

  /** Longest error message kept. */
  public static final int MAX_MESSAGE = 4096;

  private static final JsonParseOptions LIMITS = JsonParseOptions.DEFAULT.withMaxBytes(WorkerFrames.MAX_PAYLOAD).withMaxDepth(16);

  /** Parses one frame's payload. */
  public static WorkerResponse parse(byte[] payload) throws EzklException {
    JsonValue v;
    try {
      v = Json.parse(payload, LIMITS);
    } catch (CoreException e) {
      throw EzklException.of(Reason.PROTOCOL, "a response frame is not JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof JsonObject o)) {
      throw bad("a response is a JSON object", "object", v.kind());
    }
    if (!(o.get("v") instanceof JsonNumber version) || !version.isSafeInteger() || version.longValue() != PROTOCOL) {
      throw bad("unknown protocol version", PROTOCOL, o.get("v"));
    }
    if (!(o.get("id") instanceof JsonNumber idNumber) || !idNumber.isSafeInteger() || idNumber.longValue() < 0) {
      throw bad("a response's id is a non-negative integer", "integer", o.get("id"));
    }
    long id = idNumber.longValue();
    if (!(o.get("ok") instanceof JsonBoolean okValue)) {
      throw bad("a response's ok is true or false", "boolean", o.get("ok"));
    }
    if (okValue.value()) {
      if (!(o.get("result") instanceof JsonObject result) || o.size() != 4) {
        throw bad("a successful response has exactly v, id, ok and an object result", "{v, id, ok, result}", o.members().keySet());
      }
      return new WorkerResponse(id, true, result, null, null);
    }
    if (!(o.get("error") instanceof JsonObject error) || o.size() != 4) {
      throw bad("a failed response has exactly v, id, ok and an object error", "{v, id, ok, error}", o.members().keySet());
    }
    if (!(error.get("code") instanceof JsonString code) || !ERROR_CODES.contains(code.value())) {
      throw bad("unknown error code", ERROR_CODES, error.get("code"));
    }
    if (!(error.get("message") instanceof JsonString message) || error.size() != 2) {
      throw bad("an error has exactly a code and a message string", "{code, message}", error.members().keySet());
    }
    String text = message.value();
    return new WorkerResponse(id, false, null, code.value(), text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text);
  }

  private static EzklException bad(String detail, Object expected, Object actual) {
    String shown = String.valueOf(actual);
    return EzklException.of(Reason.PROTOCOL, detail, expected, shown.length() > 200 ? shown.substring(0, 200) + "..." : shown);
  }
}
