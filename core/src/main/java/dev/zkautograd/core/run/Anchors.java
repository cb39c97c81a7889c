package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code anchors.json} (format {@value #FORMAT}): every anchor receipt of the run, oldest first.
 * Receipts are only ever added, so the file may grow after the run is finished.
 */
public record Anchors(List<AnchorReceipt> receipts) {
  public static final String FORMAT = "zk-autograd/anchors/v1";

  public static final int MAX_RECEIPTS = 10_000;

  public static final Anchors NONE = new Anchors(List.of());

  public Anchors {
    receipts = List.copyOf(receipts);
    if (firstRegression(receipts) >= 0) {
      throw new IllegalArgumentException("anchor counters must increase and trees must not shrink, per kind");
    }
  }

  /**
   * Index of the first receipt whose counter does not exceed, or whose tree is smaller than, the
   * previous receipt of the same kind; -1 when there is none.
   */
  private static int firstRegression(List<AnchorReceipt> receipts) {
    java.util.Map<String, AnchorReceipt> last = new java.util.HashMap<>();
    for (int i = 0; i < receipts.size(); i++) {
      AnchorReceipt r = receipts.get(i);
      AnchorReceipt p = last.put(r.kind(), r);
      if (p != null && (r.counter() <= p.counter() || r.treeSize() < p.treeSize())) {
        return i;
      }
    }
    return -1;
  }

  /** A copy with {@code r} added at the end. */
  public Anchors with(AnchorReceipt r) {
    List<AnchorReceipt> l = new ArrayList<>(receipts);
    l.add(r);
    return new Anchors(l);
  }

  public JsonObject toJson() {
    List<JsonValue> l = new ArrayList<>(receipts.size());
    for (AnchorReceipt r : receipts) l.add(r.toJson());
    return JsonObject.builder().put("format", FORMAT).put("anchors", new JsonArray(l)).build();
  }

  public byte[] bytes() {
    return Json.write(toJson());
  }

  public static Anchors parse(byte[] bytes) throws CoreException {
    try {
      JsonFields f = JsonFields.of(Json.parse(bytes, JsonParseOptions.DEFAULT), null);
      f.format(FORMAT);
      List<JsonValue> elements = f.array("anchors", MAX_RECEIPTS);
      List<AnchorReceipt> receipts = new ArrayList<>(elements.size());
      for (int i = 0; i < elements.size(); i++) {
        receipts.add(AnchorReceipt.read(JsonFields.of(elements.get(i), f.elementPath("anchors", i))));
      }
      f.refuseUnknown();
      int bad = firstRegression(receipts);
      if (bad >= 0) {
        throw CoreException.of(CoreException.Reason.ANCHOR_REJECTED, "an anchor's counter did not increase or its tree shrank")
            .field(f.elementPath("anchors", bad)).build();
      }
      return new Anchors(receipts);
    } catch (CoreException e) {
      throw e.at(RunLayout.ANCHORS, null);
    }
  }
}
