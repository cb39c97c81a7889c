package dev.zkautograd.trainer.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.trainer.TrainerException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file format (docs/trainer.md, "Model file"): the spec's example, round trips, and the
 * committed good and broken vectors, which this test writes with {@code -Dzka.regenerate=true}.
 */
class MlpModelTest {
  static final Path DIR = Path.of("src/test/resources/vectors/mlp-model");
  /** The spec's example: one layer, 2 features, 2 classes. */
  static final MlpModel RELU_2_2 = MlpModel.of(MlpArchitecture.of(2, 2),
      new long[] {1L << 31, -(1L << 32), 0, 1L << 30, 1, -1});
  static final MlpModel MLP_3_4_4_2 = MlpModel.ofReal(MlpArchitecture.of(3, 4, 4, 2),
      java.util.stream.IntStream.range(0, 46).mapToDouble(i -> (i - 23) / 8.0).toArray());

  /** Every vector by file name: good ones, and broken ones named {@code <breakage>.<REASON>.zkml}. */
  static Map<String, byte[]> vectors() {
    Map<String, byte[]> v = new TreeMap<>();
    byte[] good = RELU_2_2.toBytes();
    byte[] deep = MLP_3_4_4_2.toBytes();
    int state = 8 + 4 * 2; // the ZKAM state of RELU_2_2 starts here
    v.put("relu-2-2.zkml", good);
    v.put("mlp-3-4-4-2.zkml", deep);
    v.put("truncated-header.MALFORMED.zkml", Arrays.copyOf(good, 5));
    v.put("magic-changed.MALFORMED.zkml", with(good, 3, (byte) 'X'));
    v.put("version-2.UNSUPPORTED_VERSION.zkml", with(good, 5, (byte) 2));
    v.put("activation-2.BAD_FIELD.zkml", with(good, 6, (byte) 2));
    v.put("layers-0.BAD_FIELD.zkml", with(good, 7, (byte) 0));
    v.put("layers-17.BAD_FIELD.zkml", with(good, 7, (byte) 17));
    v.put("widths-truncated.MALFORMED.zkml", Arrays.copyOf(good, 14));
    v.put("width-zero.BAD_FIELD.zkml", ByteBuffer.wrap(good.clone()).putInt(8, 0).array());
    v.put("one-class.BAD_FIELD.zkml", ByteBuffer.wrap(good.clone()).putInt(12, 1).array());
    v.put("width-beyond-2-pow-16.BAD_FIELD.zkml", ByteBuffer.wrap(deep.clone()).putInt(12, (1 << 16) + 1).array());
    v.put("widths-beyond-2-pow-24-parameters.BAD_FIELD.zkml",
        ByteBuffer.wrap(deep.clone()).putInt(8, 1 << 16).putInt(12, 1 << 16).putInt(16, 1 << 16).array());
    v.put("more-layers-than-weights.MISMATCH.zkml", ByteBuffer.wrap(good.clone()).putInt(8, 3).array());
    v.put("state-with-moments.BAD_FIELD.zkml", concat(Arrays.copyOf(good, state),
        ModelState.of(RELU_2_2.weights(), new long[6], new long[6]).toBytes()));
    v.put("state-version-2.UNSUPPORTED_VERSION.zkml", with(good, state + 5, (byte) 2));
    v.put("state-magic-changed.MALFORMED.zkml", with(good, state, (byte) 'Y'));
    v.put("state-one-byte-missing.MALFORMED.zkml", Arrays.copyOf(good, good.length - 1));
    v.put("trailing-byte.MALFORMED.zkml", Arrays.copyOf(good, good.length + 1));
    v.put("weight-2-pow-47.BAD_FIELD.zkml", ByteBuffer.wrap(good.clone()).putLong(state + 16 + 8, 1L << 47).array());
    return v;
  }

  @Test
  void theSpecExampleIsTheGoldenVector() throws Exception {
    assertEquals("5a4b4d4c" + "0001" + "01" + "01" + "00000002" + "00000002"
        + "5a4b414d" + "0001" + "01" + "20" + "0000000000000006"
        + "0000000080000000" + "ffffffff00000000" + "0000000000000000" + "0000000040000000"
        + "0000000000000001" + "ffffffffffffffff",
        HexFormat.of().formatHex(Files.readAllBytes(DIR.resolve("relu-2-2.zkml"))));
  }

  @Test
  void committedVectorsAreWhatThisTestWritesAndParseAsTheirNamesSay() throws Exception {
    if (Boolean.getBoolean("zka.regenerate")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, byte[]> e : vectors().entrySet()) Files.write(DIR.resolve(e.getKey()), e.getValue());
    }
    Map<String, byte[]> want = vectors();
    try (Stream<Path> files = Files.list(DIR)) {
      assertEquals(want.keySet(), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    for (Map.Entry<String, byte[]> e : want.entrySet()) {
      byte[] bytes = Files.readAllBytes(DIR.resolve(e.getKey()));
      assertArrayEquals(e.getValue(), bytes, e.getKey());
      String[] parts = e.getKey().split("\\.");
      if (parts.length == 2) {
        assertArrayEquals(bytes, MlpModel.parse(bytes, e.getKey()).toBytes(), e.getKey());
      } else {
        TrainerException x = assertThrows(TrainerException.class, () -> MlpModel.parse(bytes, e.getKey()), e.getKey());
        assertEquals(TrainerException.Reason.valueOf(parts[1]), x.reason(), e.getKey() + ": " + x.getMessage());
        assertTrue(x.field() != null, e.getKey() + " names the field: " + x.getMessage());
        assertTrue(x.getMessage().contains("file " + e.getKey()), x.getMessage());
      }
    }
  }

  @Test
  void aBadWeightIsNamedByItsTensorCoordinate(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("bad.zkml");
    Files.write(f, Files.readAllBytes(DIR.resolve("weight-2-pow-47.BAD_FIELD.zkml")));
    TrainerException e = assertThrows(TrainerException.class, () -> MlpModel.read(f));
    assertEquals("state.weights[1] (layer1.weight[0,1])", e.field(), e.getMessage());
    assertEquals(f.toString(), e.file());
  }

  @Test
  void realWeightsRoundTripThroughQ32() {
    assertArrayEquals(new double[] {0.5, -1, 0, 0.25, 0x1p-32, -0x1p-32}, RELU_2_2.realWeights());
    assertArrayEquals(RELU_2_2.weights(), MlpModel.ofReal(RELU_2_2.architecture(), RELU_2_2.realWeights()).weights());
  }

  @Test
  void aMissingFileIsAnIoErrorNamingIt(@TempDir Path tmp) {
    TrainerException e = assertThrows(TrainerException.class, () -> MlpModel.read(tmp.resolve("absent.zkml")));
    assertEquals(TrainerException.Reason.IO, e.reason());
    assertTrue(e.getMessage().contains("absent.zkml"), e.getMessage());
  }

  private static byte[] with(byte[] bytes, int at, byte value) {
    byte[] b = bytes.clone();
    b[at] = value;
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
