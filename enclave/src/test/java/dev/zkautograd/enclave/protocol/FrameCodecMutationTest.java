package dev.zkautograd.enclave.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the protocol vectors (byte flips, cuts, insertions, length-field edits): the
 * decoder either accepts a frame that re-encodes to the same bytes or refuses with a
 * ProtocolException, never anything else. {@code -Dzka.seed=N} repeats a run.
 */
class FrameCodecMutationTest {
  @Test
  void mutated_frames_are_decoded_or_refused_never_anything_else() {
    long base = Long.getLong("zka.seed", new Random().nextLong());
    List<byte[]> seeds = new ArrayList<>(ProtocolVectorGenerator.vectors().values());
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      byte[] m = mutate(seeds.get(r.nextInt(seeds.size())), r);
      try {
        Frame f = ServiceDecoding.decode(m, 1 << 20);
        assertArrayEquals(m, f.encode(), "seed " + seed);
      } catch (ProtocolException e) {
        refused++;
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " (rerun with -Dzka.seed=" + seed + "): " + e, e);
      }
    }
    assertTrue(refused > 1000, "most mutants are refused: " + refused);
  }

  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    switch (r.nextInt(5)) {
      case 0 -> {
        for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
      }
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 2 -> {
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        b = out;
      }
      case 3 -> {
        // a length or count field somewhere in the payload set to a large value
        if (b.length > 20) {
          int at = 16 + r.nextInt(b.length - 19);
          b[at] = (byte) 0xff;
          b[at + 1] = (byte) 0xff;
        }
      }
      default -> {
        if (b.length >= 16) {
          int len = r.nextInt(1 << 21);
          b[12] = (byte) (len >>> 24);
          b[13] = (byte) (len >>> 16);
          b[14] = (byte) (len >>> 8);
          b[15] = (byte) len;
        }
      }
    }
    return b;
  }
}
