package dev.zkautograd.trainer.data;

import java.util.Arrays;

/**
 * The examples split into a training part and a held-out part, deterministically from the data
 * seed: the rows are shuffled by {@link Shuffle} under the seed, the first ⌈n/5⌉ (at least one) are
 * held out and the rest trained on. A resumed run with the same seed sees the same split.
 */
public record DataSplit(Examples train, Examples heldOut) {
  /** The share of examples held out, 1/5. */
  public static final int HELD_OUT_DIVISOR = 5;

  /**
   * @throws IllegalArgumentException with fewer than 2 examples
   */
  public static DataSplit of(Examples all, long seed) {
    if (all.size() < 2) {
      throw new IllegalArgumentException("splitting needs at least 2 examples");
    }
    int[] order = Shuffle.permutation(all.size(), seed, Shuffle.Purpose.SPLIT, 0);
    int held = Math.max(1, (all.size() + HELD_OUT_DIVISOR - 1) / HELD_OUT_DIVISOR);
    return new DataSplit(all.select(Arrays.copyOfRange(order, held, order.length)),
        all.select(Arrays.copyOfRange(order, 0, held)));
  }
}
