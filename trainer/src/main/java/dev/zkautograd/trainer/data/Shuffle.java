package dev.zkautograd.trainer.data;

import java.util.SplittableRandom;

/**
 * Seeded permutations: Fisher–Yates driven by a {@link SplittableRandom} whose seed mixes the data
 * seed, what the permutation is for and its index (the epoch), so that the split and every epoch's
 * order are independent of each other and reproducible from the seed alone.
 */
public final class Shuffle {
  /** What a permutation orders; part of its seed. */
  public enum Purpose {
    /** The train / held-out split. */
    SPLIT,
    /** The order of one epoch's batches. */
    EPOCH,
    /** The examples of the generated data set. */
    SAMPLES
  }

  private Shuffle() {}

  /** A permutation of [0, n). */
  public static int[] permutation(int n, long seed, Purpose purpose, long index) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    SplittableRandom r = random(seed, purpose, index);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The random stream for {@code purpose} and {@code index} under {@code seed}. */
  public static SplittableRandom random(long seed, Purpose purpose, long index) {
    return new SplittableRandom(mix(mix(seed ^ mix(purpose.ordinal() + 1L)) ^ mix(~index)));
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
