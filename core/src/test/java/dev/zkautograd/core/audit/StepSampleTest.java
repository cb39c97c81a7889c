package dev.zkautograd.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.testing.Seeded;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSampleTest {

  @Test
  void draws_k_distinct_sorted_steps_in_range_the_same_for_the_same_seed() {
    Seeded.check(500, r -> {
      long total = 1 + r.nextInt(r.nextBoolean() ? 20 : 5000);
      long k = 1 + r.nextInt((int) total);
      long seed = r.nextLong();
      StepSample s = StepSample.choose(total, k, seed);
      assertEquals(Math.min(k, total), s.steps().size());
      for (int i = 0; i < s.steps().size(); i++) {
        assertTrue(s.steps().get(i) >= 0 && s.steps().get(i) < total);
        if (i > 0) assertTrue(s.steps().get(i - 1) < s.steps().get(i), "sorted and distinct");
      }
      assertEquals(s, StepSample.choose(total, k, seed));
    });
  }

  @Test
  void different_seeds_pick_different_steps_and_every_step_can_be_picked() {
    assertNotEquals(StepSample.choose(1000, 10, 1).steps(), StepSample.choose(1000, 10, 2).steps());
    boolean[] seen = new boolean[10];
    for (long seed = 0; seed < 200; seed++) {
      for (long s : StepSample.choose(10, 1, seed).steps()) seen[(int) s] = true;
    }
    for (boolean b : seen) assertTrue(b);
    assertEquals(List.of(0L, 1L, 2L), StepSample.choose(3, 5, 9).steps());
    assertTrue(StepSample.all(3).isAll());
    assertEquals(List.of(), StepSample.all(0).steps());
  }
}
