package dev.zkautograd.core.testing;

import java.util.Random;

/**
 * Property checks with plain JUnit: run a body on many inputs drawn from seeded {@link Random}s and,
 * on failure, say which seed reproduces it. The base seed is random unless {@code -Dzka.seed=N} fixes it.
 */
public final class Seeded {
  /** A check that may throw anything; a throw is a failure unless the body itself catches it. */
  public interface Body {
    void run(Random r) throws Exception;
  }

  private Seeded() {}

  public static void check(int tries, Body body) {
    long base = Long.getLong("zka.seed", new Random().nextLong());
    for (int i = 0; i < tries; i++) {
      long seed = base + i;
      try {
        body.run(new Random(seed));
      } catch (Throwable t) {
        throw new AssertionError("failed for seed " + seed + " (try " + i + "; rerun with -Dzka.seed=" + seed + "): " + t, t);
      }
    }
  }
}
