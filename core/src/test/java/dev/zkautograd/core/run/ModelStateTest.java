package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** The model-state format: the spec page's example, round trips, and the committed good and broken vectors. */
class ModelStateTest {
  static final Path DIR = VectorsTest.VECTORS.resolve("model-state");
  static final ModelState SGD_2 = ModelState.weightsOnly(new long[] {1L << 31, -(1L << 32)});
  static final ModelState ADAM_3 = ModelState.of(new long[] {5, -(1L << 47), (1L << 47) - 1}, new long[] {-7, 0, 9},
      new long[] {1, -1L, 1L << 63});

  /** Every vector by file name: the good ones, and broken ones named {@code <breakage>.<REASON>.state}. */
  static Map<String, byte[]> vectors() {
    Map<String, byte[]> v = new TreeMap<>();
    v.put("sgd-2.state", SGD_2.toBytes());
    v.put("adam-3.state", ADAM_3.toBytes());
    byte[] good = SGD_2.toBytes();
    v.put("truncated-header.MALFORMED.state", Arrays.copyOf(good, 15));
    v.put("one-byte-missing.MALFORMED.state", Arrays.copyOf(good, good.length - 1));
    v.put("trailing-byte.MALFORMED.state", Arrays.copyOf(good, good.length + 1));
    v.put("magic-changed.MALFORMED.state", with(good, 0, (byte) 'X'));
    v.put("version-2.UNSUPPORTED_VERSION.state", with(good, 5, (byte) 2));
    v.put("kind-3.BAD_FIELD.state", with(good, 6, (byte) 3));
    v.put("q16.BAD_FIELD.state", with(good, 7, (byte) 16));
    v.put("count-zero.BAD_FIELD.state", ByteBuffer.wrap(good.clone()).putLong(8, 0).array());
    v.put("count-beyond-2-pow-28.BAD_FIELD.state", ByteBuffer.wrap(good.clone()).putLong(8, (1L << 28) + 1).array());
    v.put("weight-2-pow-47.BAD_FIELD.state", ByteBuffer.wrap(good.clone()).putLong(16, 1L << 47).array());
    v.put("sgd-kind-with-moments.MALFORMED.state", with(ADAM_3.toBytes(), 6, (byte) 1));
    return v;
  }

  private static byte[] with(byte[] bytes, int at, byte value) {
    byte[] b = bytes.clone();
    b[at] = value;
    return b;
  }

  @Test
  void theSpecExampleIsTheGoldenVector() throws Exception {
    assertEquals("5a4b414d" + "0001" + "01" + "20" + "0000000000000002" + "0000000080000000" + "ffffffff00000000",
        Hex.toHexString(Files.readAllBytes(DIR.resolve("sgd-2.state"))));
  }

  @Test
  void committedVectorsAreWhatTheGeneratorWritesAndParseAsTheirNamesSay() throws Exception {
    if (Boolean.getBoolean("zka.regenerate")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, byte[]> e : vectors().entrySet()) {
        Files.write(DIR.resolve(e.getKey()), e.getValue());
      }
    }
    Map<String, byte[]> want = vectors();
    try (Stream<Path> files = Files.list(DIR)) {
      assertEquals(want.keySet(), files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
    for (Map.Entry<String, byte[]> e : want.entrySet()) {
      byte[] bytes = Files.readAllBytes(DIR.resolve(e.getKey()));
      assertArrayEquals(e.getValue(), bytes, e.getKey());
      String[] parts = e.getKey().split("\\.");
      if (parts.length == 2) {
        assertArrayEquals(bytes, ModelState.parse(bytes).toBytes(), e.getKey());
      } else {
        CoreException x = assertThrows(CoreException.class, () -> ModelState.parse(bytes), e.getKey());
        assertEquals(CoreException.Reason.valueOf(parts[1]), x.reason(), e.getKey() + ": " + x.getMessage());
        assertTrue(x.field() != null, e.getKey() + " names the field");
      }
    }
  }

  @Test
  void adamStatesKeepTheirMoments() throws Exception {
    ModelState back = ModelState.parse(ADAM_3.toBytes());
    assertTrue(back.hasMoments());
    assertArrayEquals(new long[] {1, -1L, 1L << 63}, back.secondMoments());
    assertThrows(IllegalArgumentException.class, () -> ModelState.of(new long[] {1}, new long[] {1, 2}, new long[] {1, 2}));
  }
}
