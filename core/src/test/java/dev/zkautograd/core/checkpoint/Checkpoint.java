package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.hash.Digest;
import java.util.Base64;
import java.util.List;

/** MERGE: test-scope stand-in (delete on merge). C2SP tlog-checkpoint body. */
public record Checkpoint(String origin, long size, Digest root, List<String> extensions) {
  public Checkpoint {
    extensions = List.copyOf(extensions);
  }

  public String body() {
    StringBuilder b = new StringBuilder();
    b.append(origin).append('\n').append(size).append('\n');
    b.append(Base64.getEncoder().encodeToString(root.bytes())).append('\n');
    for (String e : extensions) b.append(e).append('\n');
    return b.toString();
  }
}
