package dev.zkautograd.core.audit;

import dev.zkautograd.core.hash.Digest;
import java.util.Objects;

/**
 * A tree head of a run's log seen before the checkpoint being audited: one an anchor recorded, or
 * one a browser remembered from an earlier visit. The audit's {@link
 * dev.zkautograd.core.run.RunCheck#CONSISTENCY} check proves that it is a prefix of the checkpoint's
 * tree, so a log rewritten since is caught (the lesson of Rekor's clients: consistency between
 * checkpoints, not only inclusion).
 *
 * @param source where the head comes from, as a report names it ({@code anchors.json[0]}, {@code
 *     remembered by this browser})
 * @param size the number of records of that tree
 * @param root its RFC 9162 root
 */
public record EarlierHead(String source, long size, Digest root) {
  public EarlierHead {
    Objects.requireNonNull(source);
    Objects.requireNonNull(root);
    if (size < 0) throw new IllegalArgumentException("a tree size is never negative: " + size);
  }
}
