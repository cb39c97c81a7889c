package dev.zkautograd.core.log;

import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;

/** MERGE: test-scope stand-in (delete on merge; golden vectors must then be regenerated). */
public final class HashChain {
  private HashChain() {}

  public static Digest genesis(String runId) {
    return Digest.sha256("zk-autograd/chain/v1\n".getBytes(StandardCharsets.UTF_8), runId.getBytes(StandardCharsets.UTF_8));
  }

  public static Digest next(Digest prev, byte[] recordBytesWithoutChain) {
    return Digest.sha256(prev.bytes(), recordBytesWithoutChain);
  }
}
