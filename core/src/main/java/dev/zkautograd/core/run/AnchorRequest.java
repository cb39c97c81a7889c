package dev.zkautograd.core.run;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.ConsistencyProof;
import java.util.Objects;

/**
 * Asks an {@link Anchor} to store a tree head of a run.
 *
 * @param consistency RFC 9162 consistency proof from the tree the anchor last stored for this run to
 *     this one; null when the anchor has stored nothing for the run yet, or stored this very size
 */
public record AnchorRequest(String runId, long treeSize, Digest root, ConsistencyProof consistency) {
  public AnchorRequest {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(root);
    if (treeSize < 0) throw new IllegalArgumentException("negative tree size");
  }
}
