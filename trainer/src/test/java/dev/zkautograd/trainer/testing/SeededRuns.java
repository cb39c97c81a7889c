package dev.zkautograd.trainer.testing;

import java.util.Random;

/**
 * Property checks with plain JUnit for this module's tests: a body on many seeded {@link Random}s,
 * and on failure the seed that reproduces it ({@code -Dzka.seed=N} fixes the base seed, as in
 * core's tests).
 */
public final class SeededRuns {
  /** A check; any throw is a failure. */
  public interface Body {
    void run(Random r) throws Exception;
  }

  private SeededRuns() {}

  public static void check(int tries, Body body) {
    long base = Long.getLong("zka.seed", new Random().nextLong());
    for (int i = 0; i < tries; i++) {
      try {
        body.run(new Random(base + i));
      } catch (Throwable t) {
        throw new AssertionError("failed for seed " + (base + i) + " (rerun with -Dzka.seed=" + (base + i) + "): " + t, t);
      }
    }
  }
}
