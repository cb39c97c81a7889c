package dev.zkautograd.core.log;

import java.util.Random;

/**
 * Property-style testing with plain JUnit: a property runs over many cases, each drawing its inputs
 * from its own {@code java.util.Random}. The case seeds come from a master seed that changes from
 * run to run (more inputs covered over time); a failure names the case seed, and running with
 * {@code -Dcases.seed=<seed>} replays exactly that case.
 */
public final class SeededCases {
  /** One case of a property. */
  public interface Case {
    void run(Random random) throws Exception;
  }

  private SeededCases() {}

  /** Runs {@code property} over {@code count} random cases (or the one given by -Dcases.seed). */
  public static void check(String property, int count, Case body) {
    String fixed = System.getProperty("cases.seed");
    if (fixed != null && !fixed.isEmpty()) {
      runOne(property, Long.parseLong(fixed), body);
      return;
    }
    Random master = new Random();
    for (int i = 0; i < count; i++) {
      runOne(property, master.nextLong(), body);
    }
  }

  private static void runOne(String property, long seed, Case body) {
    try {
      body.run(new Random(seed));
    } catch (Throwable t) {
      throw new AssertionError(property + " failed; replay with -Dcases.seed=" + seed + ": " + t, t);
    }
  }

  /** A value in [min, max] other than {@code value} (max > min). */
  public static long otherThan(long value, long min, long max, Random random) {
    long v;
    do {
      v = min + (long) (random.nextDouble() * (max - min + 1));
      v = Math.min(max, v);
    } while (v == value);
    return v;
  }

  /** A long that is an edge value (0, ±1, extremes) a third of the time, else uniform. */
  public static long anyLong(Random random) {
    long[] edges = {0, 1, -1, 2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, 1L << 32};
    return random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
  }
}
