package dev.zkautograd.zk.params;

import java.util.Objects;

/**
 * The parameters of a proof: LDE blow-up, number of FRI queries, proof-of-work (grinding) bits and
 * the FRI folding factor. Immutable, built by a validating {@link Builder}, with named presets. A
 * proof carries its parameters; the verifier recomputes the proven security from them
 * ({@link SecurityBound}) and refuses proofs below its policy.
 */
public final class ProofParameters {
  /**
   * Blow-up 4, 128 queries, 20 bits of grinding, folding by 4: at least 100 proven bits for traces
   * up to 2^20 rows of the SGD AIR (docs/proof-system.md has the arithmetic).
   */
  public static final ProofParameters PROVEN_100 = builder().blowupLog2(2).queries(128).grindingBits(20).foldingLog2(2).build();

  /**
   * Deliberately weak parameters for fast tests (8 queries, no grinding): they prove few bits, so
   * a default verifier rejects them with WEAK_PARAMETERS.
   */
  public static final ProofParameters INSECURE_TESTING = builder().blowupLog2(2).queries(8).grindingBits(0).foldingLog2(2).build();

  /** Bounds the verifier accepts at all (larger values only cost resources). */
  public static final int MIN_BLOWUP_LOG2 = 1;
  public static final int MAX_BLOWUP_LOG2 = 6;
  public static final int MAX_QUERIES = 400;
  public static final int MAX_GRINDING_BITS = 32;
  public static final int MIN_FOLDING_LOG2 = 1;
  public static final int MAX_FOLDING_LOG2 = 3;

  private final int blowupLog2;
  private final int queries;
  private final int grindingBits;
  private final int foldingLog2;

  private ProofParameters(Builder b) {
    this.blowupLog2 = b.blowupLog2;
    this.queries = b.queries;
    this.grindingBits = b.grindingBits;
    this.foldingLog2 = b.foldingLog2;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these parameters. */
  public Builder toBuilder() {
    return new Builder().blowupLog2(blowupLog2).queries(queries).grindingBits(grindingBits).foldingLog2(foldingLog2);
  }

  /** log2 of the blow-up factor (LDE domain size / trace length). */
  public int blowupLog2() {
    return blowupLog2;
  }

  /** Number of FRI queries. */
  public int queries() {
    return queries;
  }

  /** Proof-of-work bits required before the queries are drawn. */
  public int grindingBits() {
    return grindingBits;
  }

  /** log2 of the FRI folding factor (2 = fold by 4). */
  public int foldingLog2() {
    return foldingLog2;
  }

  /** The 5-byte encoding absorbed into the transcript and written in proofs. */
  public byte[] toBytes() {
    return new byte[] {
      (byte) blowupLog2, (byte) (queries >>> 8), (byte) queries, (byte) grindingBits, (byte) foldingLog2
    };
  }

  /** Encoded length. */
  public static final int BYTES = 5;

  @Override
  public boolean equals(Object o) {
    return o instanceof ProofParameters p
        && p.blowupLog2 == blowupLog2
        && p.queries == queries
        && p.grindingBits == grindingBits
        && p.foldingLog2 == foldingLog2;
  }

  @Override
  public int hashCode() {
    return Objects.hash(blowupLog2, queries, grindingBits, foldingLog2);
  }

  @Override
  public String toString() {
    return "blowup=2^" + blowupLog2 + " queries=" + queries + " grinding=" + grindingBits + " folding=2^" + foldingLog2;
  }

  /** Validating builder. */
  public static final class Builder {
    private int blowupLog2 = 2;
    private int queries = 128;
    private int grindingBits = 20;
    private int foldingLog2 = 2;

    public Builder blowupLog2(int v) {
      this.blowupLog2 = v;
      return this;
    }

    public Builder queries(int v) {
      this.queries = v;
      return this;
    }

    public Builder grindingBits(int v) {
      this.grindingBits = v;
      return this;
    }

    public Builder foldingLog2(int v) {
      this.foldingLog2 = v;
      return this;
    }

    /** @throws IllegalArgumentException naming the first field out of range */
    public ProofParameters build() {
      check("blowupLog2", blowupLog2, MIN_BLOWUP_LOG2, MAX_BLOWUP_LOG2);
      check("queries", queries, 1, MAX_QUERIES);
      check("grindingBits", grindingBits, 0, MAX_GRINDING_BITS);
      check("foldingLog2", foldingLog2, MIN_FOLDING_LOG2, MAX_FOLDING_LOG2);
      return new ProofParameters(this);
    }

    private static void check(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
      }
    }
  }
}
