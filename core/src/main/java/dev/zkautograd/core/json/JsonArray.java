package dev.zkautograd.core.json;

import java.util.List;

/** A JSON array: an immutable list of values. */
public record JsonArray(List<JsonValue> elements) implements JsonValue {

  public JsonArray {
    elements = List.copyOf(elements);
  }

  public static JsonArray of(List<? extends JsonValue> elements) {
    return new JsonArray(List.copyOf(elements));
  }

  public int size() {
    return elements.size();
  }

  public JsonValue get(int index) {
    return elements.get(index);
  }

  @Override
  public String kind() {
    return "array";
  }
}
