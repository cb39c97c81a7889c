package dev.zkautograd.trainer.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.testing.SeededRuns;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model-file parser takes untrusted bytes: for any input it returns a model that writes back to
 * exactly those bytes, or throws a {@link TrainerException} naming the file; nothing else escapes.
 * The Jazzer target replays its corpus ({@code MlpModelFuzzTestInputs/parse/}) in the normal run
 * ({@code JAZZER_FUZZ=1} to fuzz); the seeded tests mutate the committed vectors. The seed is in
 * every failure message.
 */
class MlpModelFuzzTest {
  private static final long[] EDGE = {0, 1, -1, 1L << 47, -(1L << 47), (1L << 47) - 1, Long.MAX_VALUE, Long.MIN_VALUE,
      0xFFFFFFFFL, 1L << 32};

  static void parseOnlyTypedErrors(byte[] input) {
    try {
      MlpModel m = MlpModel.parse(input, "fuzz.zkml");
      assertArrayEquals(input, m.toBytes(), "a parsed model writes back to its bytes");
    } catch (TrainerException e) {
      if (!"fuzz.zkml".equals(e.file())) throw new AssertionError("the error does not name the file: " + e.getMessage());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    parseOnlyTypedErrors(input);
  }

  @Test
  void randomBytesThrowOnlyTypedErrors() {
    SeededRuns.check(3000, r -> {
      byte[] b = new byte[r.nextInt(80)];
      r.nextBytes(b);
      if (r.nextBoolean() && b.length >= 8) System.arraycopy(MlpModel.MAGIC, 0, b, 0, 4); // get past the magic
      parseOnlyTypedErrors(b);
    });
  }

  @Test
  void mutatedModelsThrowOnlyTypedErrors() {
    List<byte[]> valid = List.of(MlpModelTest.RELU_2_2.toBytes(), MlpModelTest.MLP_3_4_4_2.toBytes());
    SeededRuns.check(5000, r -> parseOnlyTypedErrors(mutate(valid.get(r.nextInt(valid.size())), r)));
  }

  /** One to three edits that hit the format's fields: bytes, widths, weights, lengths. */
  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    for (int e = 1 + r.nextInt(3); e > 0; e--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
        case 3 -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(16)); // extend with zeros
        case 4 -> {
          if (b.length >= 12) ByteBuffer.wrap(b).putInt(8 + 4 * r.nextInt((b.length - 8) / 4), r.nextInt(1 << 17) - 8);
        }
        default -> {
          if (b.length >= 8) ByteBuffer.wrap(b).putLong(r.nextInt(b.length - 7), EDGE[r.nextInt(EDGE.length)]);
        }
      }
      if (b.length == 0) break;
    }
    return b;
  }
}
