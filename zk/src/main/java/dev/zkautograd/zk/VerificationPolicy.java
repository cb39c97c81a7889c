package dev.zkautograd.zk;

/**
 * What a verifier accepts (Winterfell's AcceptableOptions): the minimum proven security in bits.
 * A proof whose parameters prove less is rejected with WEAK_PARAMETERS, never accepted with a
 * warning.
 *
 * @param minimumBits minimum proven bits of soundness
 */
public record VerificationPolicy(double minimumBits) {
  /** The product's default: 100 proven bits. */
  public static final VerificationPolicy DEFAULT = new VerificationPolicy(100);

  public VerificationPolicy {
    if (!(minimumBits >= 0)) {
      throw new IllegalArgumentException("minimum bits must be >= 0");
    }
  }

  /**
   * A policy accepting any parameters: for tests of other properties with small, fast parameters
   * only. Never use it to accept real proofs.
   */
  public static VerificationPolicy insecureAcceptAnyParameters() {
    return new VerificationPolicy(0);
  }
}
