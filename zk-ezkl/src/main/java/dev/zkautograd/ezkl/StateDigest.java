package dev.zkautograd.ezkl;

import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;

/**
 * How an EZKL proof's Poseidon instances become a chunk's {@code state_in} / {@code state_out}
 * (docs/ezkl-backend.md, "Chaining"): SHA-256 of a domain tag and the 32-byte instances of the state's
 * tensors in state order (w, m, v; SGD: w). The tensors' order is the same on both sides, so that
 * the state_out of step t equals the state_in of step t+1 exactly when the Poseidon hashes of step
 * t's outputs equal those of step t+1's inputs — which the run's state-chain check then tests.
 */
public final class StateDigest {
  /** Domain tag, first in the hashed bytes. */
  public static final byte[] TAG = "zk-autograd/ezkl-state/v1\n".getBytes(StandardCharsets.US_ASCII);

  private StateDigest() {}

  /** The digest of instances {@code indexes} of {@code proof}, in that order. */
  public static Digest of(EzklProofFile proof, int[] indexes) {
    byte[][] parts = new byte[indexes.length + 1][];
    parts[0] = TAG;
    for (int i = 0; i < indexes.length; i++) {
      parts[i + 1] = proof.instance(indexes[i]);
    }
    return Digest.sha256(parts);
  }
}
