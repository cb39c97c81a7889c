package dev.zkautograd.core.json;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON object: members with unique names, kept in RFC 8785 order (by UTF-16 code units, which is
 * {@link String#compareTo}).
 */
public final class JsonObject implements JsonValue {
  private final Map<String, JsonValue> members;

  private JsonObject(TreeMap<String, JsonValue> members) {
    // A read-only view of the sorted map (TeaVM's class library has unmodifiableMap, not unmodifiableSortedMap).
    this.members = Collections.unmodifiableMap(members);
  }

  /** The members in canonical order (RFC 8785); unmodifiable. */
  public Map<String, JsonValue> members() {
    return members;
  }

  /** The member named {@code name}, or null. */
  public JsonValue get(String name) {
    return members.get(name);
  }

  public int size() {
    return members.size();
  }

  /** A copy of this object without the member {@code name}. */
  public JsonObject without(String name) {
    TreeMap<String, JsonValue> m = new TreeMap<>(members);
    m.remove(name);
    return new JsonObject(m);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return "object";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject && members.equals(((JsonObject) o).members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return Json.writeString(this);
  }

  /** Collects members; a name given twice is a programming error. */
  public static final class Builder {
    private TreeMap<String, JsonValue> members = new TreeMap<>();

    private Builder() {}

    public Builder put(String name, JsonValue value) {
      if (JsonString.loneSurrogateAt(name) >= 0) {
        throw new IllegalArgumentException("member name with a lone surrogate");
      }
      if (members.putIfAbsent(name, java.util.Objects.requireNonNull(value)) != null) {
        throw new IllegalArgumentException("duplicate member " + name);
      }
      return this;
    }

    public Builder put(String name, String value) {
      return put(name, new JsonString(value));
    }

    /** Puts an integer; it must be in the safe range, see {@link JsonNumber#of(long)}. */
    public Builder put(String name, long value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, boolean value) {
      return put(name, JsonBoolean.of(value));
    }

    /** Puts all of {@code others}'s members. */
    public Builder putAll(Map<String, JsonValue> others) {
      for (Map.Entry<String, JsonValue> e : others.entrySet()) {
        put(e.getKey(), e.getValue());
      }
      return this;
    }

    public JsonObject build() {
      JsonObject o = new JsonObject(members);
      members = new TreeMap<>(members);
      return o;
    }
  }
}
