package dev.zkautograd.zk.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.poly.Ntt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prover's network computes exactly what the portable one does, including near p. */
class FastNttTest {
  private static long[] vector(int n, Random r, boolean nearP) {
    long[] v = new long[2 * n];
    for (int i = 0; i < n; i++) {
      if (nearP && r.nextBoolean()) {
        // p - small: sums of these overflow 2^128, the lazy additions' hard case
        Felt.ZERO.sub(Felt.ofLong(1 + r.nextInt(1000))).store(v, i);
      } else if (nearP && r.nextInt(4) == 0) {
        v[2 * i] = r.nextInt(3);
      } else {
        Felt.ofLong(r.nextLong()).mul(Felt.ofLong(r.nextLong())).store(v, i);
      }
    }
    return v;
  }

  @Test
  void matchesThePortableNetworkInBothDirections() {
    long seed = 20261124L;
    Random r = new Random(seed);
    for (int logN = 0; logN <= FastNtt.LOG_BLOCK + 2; logN++) {
      for (boolean nearP : new boolean[] {false, true}) {
        int n = 1 << logN;
        long[] v = vector(n, r, nearP);
        long[] expected = v.clone();
        long[] actual = v.clone();
        Ntt.of(logN).forward(expected);
        FastNtt.of(logN).forward(actual);
        assertArrayEquals(expected, actual, "forward, logN " + logN + ", seed " + seed);
        Ntt.of(logN).inverse(expected);
        FastNtt.of(logN).inverse(actual);
        assertArrayEquals(expected, actual, "inverse, logN " + logN + ", seed " + seed);
        assertArrayEquals(v, actual, "round trip, logN " + logN);
      }
    }
  }

  @Test
  void extendsCosetsLikeThePortableNetwork() {
    Random r = new Random(7);
    int logN = 9;
    long[] c = vector((1 << logN) + 31, r, true);
    long[] expected = new long[2 << (logN + 2)];
    long[] actual = expected.clone();
    for (int j = 0; j < 4; j++) {
      Ntt.of(logN).extendCoset(c, c.length / 2, 2, j, Felt.COSET_OFFSET, expected);
      FastNtt.of(logN).extendCoset(c, c.length / 2, 2, j, Felt.COSET_OFFSET, actual);
    }
    assertArrayEquals(expected, actual);
  }
}
