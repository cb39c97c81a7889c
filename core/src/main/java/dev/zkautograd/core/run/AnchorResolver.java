package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;

/**
 * Finds the anchor that holds a receipt, from the receipt's kind and {@code ref} (a table and key, a
 * bucket and object, a chain and contract), so that an audit can ask each anchor a run names. The
 * seam lets {@code core} re-check anchors whose clients live in other modules.
 */
public interface AnchorResolver {
  /** Resolves nothing: no receipt is re-checked. */
  AnchorResolver NONE = receipt -> null;

  /**
   * The anchor to re-check {@code receipt} at, or null when this build has no client for its kind.
   *
   * @throws CoreException ANCHOR_UNREACHABLE when the kind is known but cannot be asked with what was
   *     given (no anchor folder, no endpoint, no credentials); BAD_FIELD when the ref is unusable
   */
  Anchor resolve(AnchorReceipt receipt) throws CoreException;
}
