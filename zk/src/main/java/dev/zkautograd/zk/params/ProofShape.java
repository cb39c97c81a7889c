package dev.zkautograd.zk.params;

import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.air.SegmentSpec;

/**
 * Every size the prover and verifier derive from the parameters and the AIR: domains, randomiser
 * degrees for zero knowledge, composition split, FRI degree bound and rounds. Computed the same way
 * on both sides; see docs/proof-system.md, "Degrees".
 */
public final class ProofShape {
  /** The final FRI polynomial has at most this many coefficients. */
  public static final int MAX_FINAL_COEFFICIENTS = 512;

  private final ProofParameters params;
  private final int logN;
  private final int logDomain;
  private final int stateRandomizer;
  private final int witnessRandomizer;
  private final int traceCoefficients;
  private final int compositionCoefficients;
  private final int pieces;
  private final int pieceSize;
  private final int compositionRandomizer;
  private final int friRounds;
  private final int finalCoefficients;
  private final int degreeBound;

  private ProofShape(ProofParameters params, CompiledAir air) {
    this.params = params;
    this.logN = air.logTraceLength();
    this.logDomain = logN + params.blowupLog2();
    int n = 1 << logN;
    int s = params.queries();
    // Each column is revealed at the s query points and at z, z*w; a state column by two proofs.
    int revealed = s + 2;
    this.witnessRandomizer = revealed + 1;
    this.stateRandomizer = 2 * revealed + 1;
    boolean hasState = air.air().segments().stream().anyMatch(x -> x.kind() == SegmentSpec.Kind.STATE);
    this.traceCoefficients = n + (hasState ? stateRandomizer : witnessRandomizer);
    int d = air.maxDegree();
    long t = traceCoefficients;
    // Q = sum of constraint numerators / divisors: degree <= d (T - 1) + 1 - n (the +1 from x - w^(n-1)).
    long q = Math.max(d * (t - 1) + 2 - n, t - 1);
    this.compositionCoefficients = (int) Math.min(q, Integer.MAX_VALUE);
    this.pieces = Math.max(2, d - 1);
    this.pieceSize = (compositionCoefficients + pieces - 1) / pieces;
    this.compositionRandomizer = s + 2; // pieces are revealed at s queries and z
    long dMin = Math.max(t, (long) pieceSize + compositionRandomizer);
    int k = 1 << params.foldingLog2();
    int rounds = 0;
    long kr = 1;
    while ((dMin + kr - 1) / kr > MAX_FINAL_COEFFICIENTS) {
      rounds++;
      kr *= k;
    }
    this.friRounds = rounds;
    this.finalCoefficients = (int) ((dMin + kr - 1) / kr);
    this.degreeBound = (int) Math.min(finalCoefficients * kr, Integer.MAX_VALUE);
  }

  /**
   * The shape for these parameters and AIR.
   *
   * @throws IllegalArgumentException if the parameters cannot prove this AIR at all (domain too
   *     small for the composition or the randomised degree)
   */
  public static ProofShape of(ProofParameters params, CompiledAir air) {
    ProofShape shape = new ProofShape(params, air);
    long domain = 1L << shape.logDomain;
    if (shape.logDomain > 30 || shape.compositionCoefficients > domain || 2L * shape.degreeBound > domain
        || shape.friRounds * params.foldingLog2() > shape.logDomain) {
      throw new IllegalArgumentException("parameters too small for this trace: " + params);
    }
    return shape;
  }

  public ProofParameters params() {
    return params;
  }

  /** log2 of the trace length n. */
  public int logTraceLength() {
    return logN;
  }

  /** log2 of the LDE domain size N = n * blow-up. */
  public int logDomain() {
    return logDomain;
  }

  public int domainSize() {
    return 1 << logDomain;
  }

  /** Coefficients of the randomiser r of a state column (f + Z_H r): 2 (s + 2) + 1. */
  public int stateRandomizer() {
    return stateRandomizer;
  }

  /** Coefficients of the randomiser of a witness or aux column: s + 3. */
  public int witnessRandomizer() {
    return witnessRandomizer;
  }

  /** Randomiser size for a segment of the given kind. */
  public int randomizer(SegmentSpec.Kind kind) {
    return kind == SegmentSpec.Kind.STATE ? stateRandomizer : witnessRandomizer;
  }

  /** Upper bound on the number of coefficients of any trace polynomial. */
  public int traceCoefficients() {
    return traceCoefficients;
  }

  /** Upper bound on the number of coefficients of the composition polynomial Q. */
  public int compositionCoefficients() {
    return compositionCoefficients;
  }

  /** Number of composition pieces K. */
  public int pieces() {
    return pieces;
  }

  /** Coefficients per piece before randomisation (m): Q = sum x^(i m) q_i. */
  public int pieceSize() {
    return pieceSize;
  }

  /** Coefficients of each composition randomiser r_i: s + 2. */
  public int compositionRandomizer() {
    return compositionRandomizer;
  }

  /** Coefficients of a randomised piece: m + s + 2. */
  public int pieceCoefficients() {
    return pieceSize + compositionRandomizer;
  }

  /** Number of FRI folding rounds (committed layers). */
  public int friRounds() {
    return friRounds;
  }

  /** Coefficients of the final FRI polynomial. */
  public int finalCoefficients() {
    return finalCoefficients;
  }

  /** FRI degree bound D (polynomials of degree &lt; D); also the mask polynomial's size. */
  public int degreeBound() {
    return degreeBound;
  }
}
