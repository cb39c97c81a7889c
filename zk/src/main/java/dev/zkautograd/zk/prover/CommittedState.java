package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.params.ProofShape;
import java.util.Arrays;
import java.util.List;

/**
 * A state segment as one proof committed it: its values, the fingerprint of its blinding seed, the
 * shape it was extended for, and the codeword and salted Merkle tree. The state_out segment of step
 * t is, by construction, the state_in segment of step t+1 (same values, seed and shape, so the same
 * codeword and root: docs/proof-system.md, "Chaining"), so the next proof can take it instead of
 * extending and hashing it again. The prover checks the values, the seed and the shape before it
 * reuses one and recomputes otherwise, so a stale state can cost time but never change a proof.
 *
 * <p>Holds secret material (the state's values and codeword); it lives in the prover's memory only.
 */
public final class CommittedState {
  private final long[][] values;
  private final byte[] seedFingerprint;
  private final int domainSize;
  private final int randomizer;
  private final int blowupLog2;
  final Committed committed;

  CommittedState(List<long[]> values, byte[] seedFingerprint, ProofShape shape, int randomizer, Committed committed) {
    this.values = values.toArray(new long[0][]);
    this.seedFingerprint = seedFingerprint.clone();
    this.domainSize = shape.domainSize();
    this.randomizer = randomizer;
    this.blowupLog2 = shape.params().blowupLog2();
    this.committed = committed;
  }

  /** The Merkle root every proof that opens this state carries. */
  public byte[] root() {
    return committed.tree().root();
  }

  /** Whether this is the commitment of exactly these values under this seed and shape. */
  boolean matches(List<long[]> columns, byte[] fingerprint, ProofShape shape, int randomizer) {
    if (columns.size() != values.length || domainSize != shape.domainSize() || this.randomizer != randomizer
        || blowupLog2 != shape.params().blowupLog2() || !Arrays.equals(seedFingerprint, fingerprint)) {
      return false;
    }
    for (int c = 0; c < values.length; c++) {
      if (!Arrays.equals(values[c], columns.get(c))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CommittedState[" + values.length + " columns, domain " + domainSize + "]";
  }
}
