package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;

/**
 * An external monotonic counter that stores a run's tree head only if it extends the last one it
 * stored (DESIGN §5): a local file now; DynamoDB conditional writes, OCI conditional puts and the
 * EVM {@code RunAnchor} contract later, behind this same interface.
 */
public interface Anchor {

  /** The kind its receipts carry ({@link AnchorReceipt#kind()}), for example {@value FileCounterAnchor#KIND}. */
  String kind();

  /**
   * Stores the request's tree head under the next counter value, and returns the receipt. Refuses
   * (ANCHOR_REJECTED) a tree smaller than the last stored one, a root that differs at equal size, and
   * a consistency proof that does not connect the last stored tree to this one.
   */
  AnchorReceipt anchor(AnchorRequest request) throws CoreException;

  /**
   * The receipt of the last tree head stored for {@code runId}, or null. A writer asks first so that
   * it can send the consistency proof from that tree, and so that it can pick up a receipt it did not
   * get to record before a crash instead of anchoring twice.
   */
  AnchorReceipt latest(String runId) throws CoreException;
}
