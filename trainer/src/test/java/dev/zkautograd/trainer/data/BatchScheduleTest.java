package dev.zkautograd.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batches and the split come from the data seed and the step alone, so a resumed run sees the same data. */
class BatchScheduleTest {

  @Test
  void aStepsBatchDependsOnlyOnTheSeedAndTheStep() {
    BatchSchedule a = new BatchSchedule(1000, 64, 7);
    int[] step17 = a.batch(17);
    assertArrayEquals(step17, new BatchSchedule(1000, 64, 7).batch(17), "a fresh schedule (a resumed run) agrees");
    assertFalse(Arrays.equals(step17, new BatchSchedule(1000, 64, 8).batch(17)), "another seed, other batches");
    assertFalse(Arrays.equals(step17, a.batch(18)));
  }

  @Test
  void everyEpochVisitsEveryExampleOnceAndEpochsDifferInOrder() {
    BatchSchedule s = new BatchSchedule(96, 32, 3);
    int[] epoch0 = IntStream.range(0, 3).flatMap(t -> Arrays.stream(s.batch(t))).toArray();
    int[] epoch1 = IntStream.range(3, 6).flatMap(t -> Arrays.stream(s.batch(t))).toArray();
    assertArrayEquals(IntStream.range(0, 96).toArray(), Arrays.stream(epoch0).sorted().toArray());
    assertArrayEquals(IntStream.range(0, 96).toArray(), Arrays.stream(epoch1).sorted().toArray());
    assertFalse(Arrays.equals(epoch0, epoch1));
  }

  @Test
  void aBatchMayStraddleTwoEpochs() {
    BatchSchedule s = new BatchSchedule(10, 4, 1);
    int[] all = IntStream.range(0, 5).flatMap(t -> Arrays.stream(s.batch(t))).toArray(); // 20 positions, 2 epochs
    assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(all, 0, 10).sorted().toArray());
    assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(all, 10, 20).sorted().toArray());
  }

  @Test
  void theSplitHoldsOutAFifthDisjointlyAndReproducibly() {
    Examples all = SyntheticClassification.sample(SyntheticClassification.Domain.FINE_TUNING, 101, 5);
    DataSplit s = DataSplit.of(all, 5);
    assertEquals(21, s.heldOut().size());
    assertEquals(80, s.train().size());
    assertEquals(s, DataSplit.of(all, 5));
    assertFalse(s.equals(DataSplit.of(all, 6)));
    // every example lands in exactly one part: compare the multisets of rows by their first feature
    double[] firsts = IntStream.range(0, 101).mapToDouble(i -> all.values()[i * all.features()]).sorted().toArray();
    double[] parts = java.util.stream.DoubleStream.concat(
        IntStream.range(0, 80).mapToDouble(i -> s.train().values()[i * all.features()]),
        IntStream.range(0, 21).mapToDouble(i -> s.heldOut().values()[i * all.features()])).sorted().toArray();
    assertArrayEquals(firsts, parts);
    assertTrue(DataSplit.of(all.select(new int[] {0, 1}), 1).heldOut().size() == 1);
  }

  @Test
  void theGeneratedDataDependsOnTheSeedAndTheDomain() {
    var d = SyntheticClassification.Domain.FINE_TUNING;
    assertEquals(SyntheticClassification.sample(d, 50, 1), SyntheticClassification.sample(d, 50, 1));
    assertFalse(SyntheticClassification.sample(d, 50, 1).equals(SyntheticClassification.sample(d, 50, 2)));
    assertFalse(SyntheticClassification.sample(d, 50, 1)
        .equals(SyntheticClassification.sample(SyntheticClassification.Domain.PRETRAINING, 50, 1)));
  }
}
