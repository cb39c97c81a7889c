package dev.zkautograd.zk.sgd;

import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.prover.RandomSource;
import java.util.Random;

/** Shared inputs of the SGD proof tests: seeded, so every run proves the same witnesses. */
public final class SgdFixtures {
  public static final SecretBytes MASTER = SecretBytes.copyFrom(
      "test master secret, not for production".getBytes(java.nio.charset.StandardCharsets.US_ASCII), InsecureSecretAccess.get());
  public static final long LR = FixedPoint.encode(1e-2);
  public static final long CLIP = FixedPoint.encode(1.0);

  private SgdFixtures() {}

  /** An 8-bit-limb statement (small traces) for {@code length} parameters. */
  public static StepStatement statement(int length, long step) {
    return StepStatement.sgd(LR, CLIP, step, length, 0, 0, length).withLimbBits(8);
  }

  /** Weights in (-4, 4), Q32. */
  public static long[] weights(int length, long seed) {
    Random r = new Random(seed);
    long[] w = new long[length];
    for (int i = 0; i < length; i++) {
      w[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 8);
    }
    return w;
  }

  /** Gradients in (-3, 3), so some are clipped on both sides. */
  public static long[] gradients(int length, long seed) {
    Random r = new Random(seed ^ 0x9e3779b97f4a7c15L);
    long[] g = new long[length];
    for (int i = 0; i < length; i++) {
      g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 6);
    }
    return g;
  }

  public static BlindingSeed seed(long state) {
    return BlindingSeed.derive(MASTER, 0, state);
  }

  public static RandomSource random(long seed) {
    Random r = new Random(seed);
    return r::nextBytes;
  }
}
