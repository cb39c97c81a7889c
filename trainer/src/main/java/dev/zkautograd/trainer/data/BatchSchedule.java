package dev.zkautograd.trainer.data;

/**
 * Which training examples each step sees, from the data seed and the step alone: the training set is
 * read epoch after epoch, each epoch in its own seeded order ({@link Shuffle}), and step t takes the
 * {@code batchSize} positions [t·b, (t+1)·b) of that endless sequence. A resumed run sees the same
 * batches as an uninterrupted one.
 */
public record BatchSchedule(int examples, int batchSize, long seed) {

  public BatchSchedule {
    if (examples < 1 || batchSize < 1 || batchSize > examples) {
      throw new IllegalArgumentException("need 1 ≤ batch size ≤ examples");
    }
  }

  /** The training-set rows of step {@code step}'s batch. */
  public int[] batch(long step) {
    if (step < 0) throw new IllegalArgumentException("negative step");
    int[] rows = new int[batchSize];
    long first = step * batchSize;
    long epoch = -1;
    int[] order = null;
    for (int i = 0; i < batchSize; i++) {
      long position = first + i;
      if (position / examples != epoch) {
        epoch = position / examples;
        order = Shuffle.permutation(examples, seed, Shuffle.Purpose.EPOCH, epoch);
      }
      rows[i] = order[(int) (position % examples)];
    }
    return rows;
  }
}
