package dev.zkautograd.core.json;

/**
 * Limits and strictness of {@link Json#parse}. Untrusted bytes are always read with limits; the
 * presets fit every zk-autograd format.
 *
 * @param maxBytes documents longer than this are refused (TOO_LARGE) before parsing
 * @param maxDepth arrays and objects nested deeper than this are refused (TOO_LARGE)
 * @param requireCanonical refuse (NOT_CANONICAL) bytes that are not already RFC 8785 canonical
 */
public record JsonParseOptions(int maxBytes, int maxDepth, boolean requireCanonical) {
  /** 16 MiB, depth 64, any valid layout. */
  public static final JsonParseOptions DEFAULT = new JsonParseOptions(16 << 20, 64, false);

  /** As {@link #DEFAULT}, but the bytes must be canonical already (lines of {@code steps.jsonl}). */
  public static final JsonParseOptions CANONICAL = DEFAULT.withRequireCanonical(true);

  public JsonParseOptions {
    if (maxBytes < 1 || maxDepth < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public JsonParseOptions withMaxBytes(int maxBytes) {
    return new JsonParseOptions(maxBytes, maxDepth, requireCanonical);
  }

  public JsonParseOptions withMaxDepth(int maxDepth) {
    return new JsonParseOptions(maxBytes, maxDepth, requireCanonical);
  }

  public JsonParseOptions withRequireCanonical(boolean requireCanonical) {
    return new JsonParseOptions(maxBytes, maxDepth, requireCanonical);
  }
}
