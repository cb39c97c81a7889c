package dev.zkautograd.core.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Which steps' proofs an audit checks: all of them, {@code k} drawn without repetition by a
 * seeded {@link Random}, so that the same seed and run always give the same steps (and an auditor
 * can publish the seed, or take it from a public beacon, to show the sample was not picked), or the
 * steps the auditor named (the browser checks the step its page shows).
 *
 * @param k the requested sample size, or null for every step
 * @param seed the seed the steps were drawn with (meaningless when {@code k} is null or the steps are named)
 * @param steps the chosen steps, ascending
 * @param named whether the steps were named by the auditor rather than drawn
 */
public record StepSample(Long k, long seed, List<Long> steps, boolean named) {

  public StepSample {
    steps = Collections.unmodifiableList(new ArrayList<>(steps));
  }

  /** A sample of every step ({@code k} null) or of drawn steps. */
  public StepSample(Long k, long seed, List<Long> steps) {
    this(k, seed, steps, false);
  }

  /** The named steps that lie in a log of {@code total} records, ascending, each once. */
  public static StepSample named(long total, List<Long> steps) {
    TreeSet<Long> in = new TreeSet<>();
    for (long t : steps) {
      if (t >= 0 && t < total) in.add(t);
    }
    return new StepSample((long) in.size(), 0, new ArrayList<>(in), true);
  }

  /** Every step of a log of {@code total} records. */
  public static StepSample all(long total) {
    List<Long> steps = new ArrayList<>();
    for (long t = 0; t < total; t++) steps.add(t);
    return new StepSample(null, 0, steps);
  }

  /**
   * {@code k} distinct steps of {@code total}, drawn with Floyd's algorithm from {@code new
   * Random(seed)} (k draws, whatever the total); all of them when {@code k >= total}.
   */
  public static StepSample choose(long total, long k, long seed) {
    if (k < 1) throw new IllegalArgumentException("sample at least one step");
    if (k >= total) {
      return new StepSample(k, seed, all(total).steps());
    }
    Random random = new Random(seed);
    TreeSet<Long> chosen = new TreeSet<>();
    for (long j = total - k; j < total; j++) {
      long t = below(random, j + 1);
      if (!chosen.add(t)) chosen.add(j);
    }
    return new StepSample(k, seed, new ArrayList<>(chosen));
  }

  /** Whether every step was asked for (no {@code k}). */
  public boolean isAll() {
    return k == null;
  }

  /** A uniform value in [0, bound) (Random.nextLong(bound) is Java 17 API the browser build may lack). */
  private static long below(Random random, long bound) {
    if (bound <= Integer.MAX_VALUE) {
      return random.nextInt((int) bound);
    }
    long bits;
    long value;
    do {
      bits = random.nextLong() >>> 1;
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return value;
  }
}
