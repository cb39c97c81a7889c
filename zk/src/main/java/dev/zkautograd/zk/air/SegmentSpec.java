package dev.zkautograd.zk.air;

import java.util.List;

/**
 * A committed group of trace columns with its own Merkle root.
 *
 * @param name segment name ("state_in", "step", ...)
 * @param kind how its blinding is chosen
 * @param columns column names, in order
 */
public record SegmentSpec(String name, Kind kind, List<String> columns) {
  /** How a segment is blinded and where its root goes. */
  public enum Kind {
    /**
     * A model state (weights, optimizer moments). Blinding and salts are derived from a per-state
     * seed, so the proof of the previous step and of the next one commit to the same codeword and
     * root; the root is a public input. Randomised for the openings of two proofs.
     */
    STATE,
    /** Per-step witness columns, blinded with fresh randomness. */
    WITNESS,
    /** Columns built after the main segments are committed, from verifier challenges (LogUp). */
    AUX
  }

  public SegmentSpec {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("segment " + name + " has no columns");
    }
  }
}
