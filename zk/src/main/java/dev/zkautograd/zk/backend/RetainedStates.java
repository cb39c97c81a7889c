package dev.zkautograd.zk.backend;

import dev.zkautograd.zk.prover.CommittedState;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state_out commitments of the last proofs, by the fingerprint of their blinding seed, for the
 * proofs of the following steps to take as their state_in (the seed of state t+1 is the state_out
 * seed of step t and the state_in seed of step t+1). At most {@code capacity} are kept, the least
 * recently stored dropped first; one taken is removed, so a chain holds one per chunk.
 */
final class RetainedStates {
  private final int capacity;
  private final LinkedHashMap<String, CommittedState> byFingerprint;

  RetainedStates(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.byFingerprint = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, CommittedState> eldest) {
        return size() > RetainedStates.this.capacity;
      }
    };
  }

  synchronized CommittedState take(byte[] seedFingerprint) {
    return byFingerprint.remove(HexFormat.of().formatHex(seedFingerprint));
  }

  synchronized void put(byte[] seedFingerprint, CommittedState state) {
    byFingerprint.put(HexFormat.of().formatHex(seedFingerprint), state);
  }
}
