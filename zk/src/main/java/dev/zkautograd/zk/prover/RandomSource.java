package dev.zkautograd.zk.prover;

import java.security.SecureRandom;

/**
 * Where the prover's fresh randomness comes from (blinding of witness segments, composition and
 * FRI masks, salts). Injectable so that golden test vectors can be made with a fixed seed; in
 * production it is {@link #secure()}.
 */
@FunctionalInterface
public interface RandomSource {
  /** Fills {@code out} with random bytes. */
  void nextBytes(byte[] out);

  /** A source backed by a fresh {@link SecureRandom}. */
  static RandomSource secure() {
    SecureRandom r = new SecureRandom();
    return r::nextBytes;
  }
}
