package dev.zkautograd.core.json;

import java.util.ArrayList;
import java.util.List;

/** Test helper: a copy of a JSON document with the value at a path ("a.b[2].c") replaced or removed. */
public final class JsonEdit {
  private JsonEdit() {}

  /** Sets {@code path} to {@code value}; a null value removes the member. */
  public static JsonValue set(JsonValue doc, String path, JsonValue value) {
    return set(doc, parse(path), 0, value);
  }

  private static JsonValue set(JsonValue v, List<Object> path, int at, JsonValue value) {
    Object key = path.get(at);
    boolean leaf = at == path.size() - 1;
    if (key instanceof Integer i) {
      List<JsonValue> l = new ArrayList<>(((JsonArray) v).elements());
      if (leaf && value == null) l.remove((int) i);
      else l.set(i, leaf ? value : set(l.get(i), path, at + 1, value));
      return new JsonArray(l);
    }
    JsonObject o = (JsonObject) v;
    JsonObject.Builder b = JsonObject.builder();
    for (var e : o.members().entrySet()) {
      if (!e.getKey().equals(key)) b.put(e.getKey(), e.getValue());
    }
    JsonValue now = leaf ? value : set(o.get((String) key), path, at + 1, value);
    if (now != null) b.put((String) key, now);
    return b.build();
  }

  private static List<Object> parse(String path) {
    List<Object> out = new ArrayList<>();
    for (String seg : path.split("\\.")) {
      int br = seg.indexOf('[');
      if (br < 0) {
        out.add(seg);
        continue;
      }
      if (br > 0) out.add(seg.substring(0, br));
      for (String idx : seg.substring(br + 1, seg.length() - 1).split("\\]\\[")) out.add(Integer.parseInt(idx));
    }
    return out;
  }
}
