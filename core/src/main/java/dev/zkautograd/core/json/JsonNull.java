package dev.zkautograd.core.json;

/** The JSON literal {@code null}. */
public enum JsonNull implements JsonValue {
  NULL;

  @Override
  public String kind() {
    return "null";
  }
}
