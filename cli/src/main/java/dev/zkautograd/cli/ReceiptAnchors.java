package dev.zkautograd.cli;

import dev.zkautograd.anchor.CloudAnchorResolver;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorResolver;
import dev.zkautograd.core.run.FileCounterAnchor;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every anchor kind {@code verify} can re-check, found from each receipt's kind and ref: the file
 * counter in {@code --anchor-dir}, DynamoDB and object-store anchors where their refs say (or at the
 * endpoints given), and whatever further resolvers are added. A kind with nothing to ask is "not
 * reachable" with the reason, never a pass.
 */
final class ReceiptAnchors implements AnchorResolver, AutoCloseable {
  private final Path anchorDir;
  private final List<AnchorResolver> others = new ArrayList<>();
  private final List<AutoCloseable> owned = new ArrayList<>();

  ReceiptAnchors(Path anchorDir, URI dynamoDbEndpoint, URI objectStoreEndpoint) {
    this.anchorDir = anchorDir;
    CloudAnchorResolver cloud = new CloudAnchorResolver(dynamoDbEndpoint, objectStoreEndpoint, null);
    others.add(cloud);
    owned.add(cloud);
  }

  /** Adds a resolver for more kinds, closed with this one if it is closeable. */
  ReceiptAnchors with(AnchorResolver r) {
    others.add(r);
    if (r instanceof AutoCloseable c) owned.add(c);
    return this;
  }

  @Override
  public Anchor resolve(AnchorReceipt receipt) throws CoreException {
    if (receipt.kind().equals(FileCounterAnchor.KIND)) {
      if (anchorDir == null) {
        throw CoreException.of(Reason.ANCHOR_UNREACHABLE,
            "the file counter lives outside the run: give its folder with --anchor-dir (the demo's is <out>/.anchors)").build();
      }
      return new FileCounterAnchor(anchorDir);
    }
    for (AnchorResolver r : others) {
      Anchor a = r.resolve(receipt);
      if (a != null) return a;
    }
    return null;
  }

  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        // Only connections are released here; nothing to lose.
      }
    }
  }
}
