package dev.zkautograd.core.json;

/**
 * An immutable JSON value as read by {@link Json#parse} or built by a format's writer.
 *
 * <p>The model is deliberately small: the six JSON kinds, nothing else. Equality is value equality
 * in the sense of RFC 8785: two values are equal exactly when their canonical forms are equal.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

  /** A short name of this value's kind for error messages: "object", "string", ... */
  String kind();
}
