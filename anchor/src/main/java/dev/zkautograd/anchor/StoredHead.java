package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import dev.zkautograd.core.run.UtcTime;
import java.time.Clock;
import dev.zkautograd.core.run.RunLayout;

/**
 * What a cloud anchor stores for a run (format {@value #FORMAT}, canonical JSON): the run's origin
 * and the receipt of the last head it accepted. The origin makes an item or object copied under
 * another run's key refuse to read.
 */
final class StoredHead {
  static final String FORMAT = "zk-autograd/anchor-head/v1";

  /** Largest stored head, in bytes. */
  static final int MAX_BYTES = 1 << 14;

  private StoredHead() {}

  /** The receipt that follows {@code last} (null for the first) for the head {@code request} asks for. */
  static AnchorReceipt next(String kind, AnchorReceipt last, AnchorRequest request, Clock clock, JsonObject ref) {
    return new AnchorReceipt(kind, last == null ? 1 : last.counter() + 1, request.treeSize(), request.root(), UtcTime.of(clock.instant()), ref);
  }

  static byte[] encode(String runId, AnchorReceipt receipt) {
    return Json.write(JsonObject.builder().put("format", FORMAT).put("origin", RunLayout.origin(runId))
        .put("receipt", receipt.toJson()).build());
  }

  /** The receipt stored for {@code runId}; {@code where} names the item or object in errors. */
  static AnchorReceipt decode(String runId, byte[] bytes, String where) throws CoreException {
    try {
      if (bytes.length > MAX_BYTES) {
        throw CoreException.of(CoreException.Reason.TOO_LARGE, "stored anchor head too large").expected("at most " + MAX_BYTES + " bytes")
            .actual(bytes.length + " bytes").build();
      }
      JsonFields f = JsonFields.of(Json.parse(bytes), null);
      f.format(FORMAT);
      String origin = f.string("origin", 128);
      if (!origin.equals(RunLayout.origin(runId))) {
        throw f.bad("origin", "anchor head of another run", RunLayout.origin(runId), origin);
      }
      AnchorReceipt r = AnchorReceipt.read(f.object("receipt"));
      f.refuseUnknown();
      return r;
    } catch (CoreException e) {
      throw e.at(where, null);
    }
  }
}
