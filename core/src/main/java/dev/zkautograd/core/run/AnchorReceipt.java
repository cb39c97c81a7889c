package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import java.util.Objects;

/**
 * Proof that an external monotonic counter accepted the run's tree head: the counter value it
 * assigned, the tree size and root it stored, when, and a kind-specific {@code ref} that tells a
 * third party where to look to re-check it (a table key, an object name, a transaction hash).
 *
 * @param kind names the anchor kind, 1-32 of {@code [a-z0-9-]} (for example "file-counter")
 */
public record AnchorReceipt(String kind, long counter, long treeSize, Digest root, UtcTime time, JsonObject ref) {
  /** Largest {@code ref} object, in canonical bytes. */
  public static final int MAX_REF_BYTES = 4096;

  public AnchorReceipt {
    if (!isKind(kind)) throw new IllegalArgumentException("bad anchor kind " + kind);
    if (counter < 1 || counter > JsonNumber.MAX_SAFE_INTEGER) throw new IllegalArgumentException("counter out of range");
    if (treeSize < 0 || treeSize > JsonNumber.MAX_SAFE_INTEGER) throw new IllegalArgumentException("tree size out of range");
    Objects.requireNonNull(root);
    Objects.requireNonNull(time);
    if (Json.write(ref).length > MAX_REF_BYTES) throw new IllegalArgumentException("ref too large");
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("kind", kind)
        .put("counter", counter)
        .put("tree_size", treeSize)
        .put("root", root.hex())
        .put("time", time.value())
        .put("ref", ref)
        .build();
  }

  /** Reads a receipt from its JSON object ({@link #toJson()}), refusing unknown members. */
  public static AnchorReceipt read(JsonFields f) throws CoreException {
    String kind = f.string("kind", 32);
    if (!isKind(kind)) {
      throw f.bad("kind", "not an anchor kind", "1-32 of a-z 0-9 -", kind);
    }
    long counter = f.integer("counter", 1, JsonNumber.MAX_SAFE_INTEGER);
    long treeSize = f.integer("tree_size", 0, JsonNumber.MAX_SAFE_INTEGER);
    Digest root = f.digest("root");
    UtcTime time = UtcTime.parse(f.string("time", 32), f.field("time"));
    f.object("ref");
    JsonObject ref = (JsonObject) f.value("ref");
    if (Json.write(ref).length > MAX_REF_BYTES) {
      throw f.bad("ref", "ref too large", "at most " + MAX_REF_BYTES + " bytes", Json.write(ref).length + " bytes");
    }
    f.refuseUnknown();
    return new AnchorReceipt(kind, counter, treeSize, root, time, ref);
  }

  private static boolean isKind(String k) {
    if (k.isEmpty() || k.length() > 32) return false;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
  }
}
