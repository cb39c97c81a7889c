package dev.zkautograd.zk.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkautograd.zk.field.Felt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NttTest {
  static long[] random(int n, long seed) {
    Random r = new Random(seed);
    long[] v = new long[2 * n];
    for (int i = 0; i < n; i++) {
      Felt.ofLong(r.nextLong()).mul(Felt.ofLong(r.nextLong())).store(v, i);
    }
    return v;
  }

  @Test
  void forwardEvaluatesAtRootsOfUnity() {
    for (int log = 0; log <= 6; log++) {
      int n = 1 << log;
      long[] c = random(n, log);
      long[] e = c.clone();
      Ntt ntt = Ntt.of(log);
      ntt.forward(e);
      Felt w = Felt.rootOfUnity(log);
      for (int i = 0; i < n; i++) {
        assertEquals(Polynomials.evaluate(c, n, w.pow(i)), Felt.at(e, i));
      }
      ntt.inverse(e);
      assertArrayEquals(c, e);
    }
  }

  @Test
  void cosetRoundTrip() {
    Ntt ntt = Ntt.of(8);
    long[] c = random(256, 99);
    long[] e = c.clone();
    ntt.forwardCoset(e, Felt.COSET_OFFSET);
    Felt x = Felt.COSET_OFFSET.mul(Felt.rootOfUnity(8).pow(77));
    assertEquals(Polynomials.evaluate(c, 256, x), Felt.at(e, 77));
    ntt.inverseCoset(e, Felt.COSET_OFFSET);
    assertArrayEquals(c, e);
  }

  @Test
  void cosetExtensionAndInterpolationInvertEachOther() {
    for (int blowupLog2 = 1; blowupLog2 <= 3; blowupLog2++) {
      int logN = 6;
      int n = 1 << logN;
      int count = n + 13; // longer than n: the folding path is exercised
      long[] c = random(count, blowupLog2);
      long[] whole = java.util.Arrays.copyOf(c, 2 << (logN + blowupLog2));
      Ntt.of(logN + blowupLog2).forwardCoset(whole, Felt.COSET_OFFSET);
      Ntt small = Ntt.of(logN);
      long[] pieces = new long[whole.length];
      for (int j = 0; j < (1 << blowupLog2); j++) {
        small.extendCoset(c, count, blowupLog2, j, Felt.COSET_OFFSET, pieces);
      }
      assertArrayEquals(whole, pieces);
      assertArrayEquals(java.util.Arrays.copyOf(c, whole.length),
          small.interpolateFromCosets(pieces, blowupLog2, Felt.COSET_OFFSET));
    }
  }
}
