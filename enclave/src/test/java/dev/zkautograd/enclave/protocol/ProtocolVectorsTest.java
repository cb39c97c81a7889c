package dev.zkautograd.enclave.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Walks the committed protocol vectors: good frames decode and re-encode, every {@code <name>.<CODE>.bin} is refused with CODE. */
class ProtocolVectorsTest {

  @Test
  void the_committed_vectors_are_what_the_generator_writes(@TempDir Path tmp) throws IOException {
    if (Boolean.getBoolean("zka.regenerate")) {
      ProtocolVectorGenerator.write(ProtocolVectorGenerator.VECTORS, ProtocolVectorGenerator.CORPUS);
    }
    ProtocolVectorGenerator.write(tmp.resolve("v"), tmp.resolve("c"));
    List<String> committed = names(ProtocolVectorGenerator.VECTORS);
    assertEquals(committed, names(tmp.resolve("v")));
    for (String n : committed) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("v").resolve(n)), Files.readAllBytes(ProtocolVectorGenerator.VECTORS.resolve(n)), n);
    }
  }

  @TestFactory
  Stream<DynamicTest> every_vector_decodes_or_is_refused_with_its_code() throws IOException {
    return names(ProtocolVectorGenerator.VECTORS).stream().map(n -> DynamicTest.dynamicTest(n, () -> {
      byte[] bytes = Files.readAllBytes(ProtocolVectorGenerator.VECTORS.resolve(n));
      String stem = n.substring(0, n.length() - ".bin".length());
      int dot = stem.lastIndexOf('.');
      if (dot < 0) {
        Frame f = ServiceDecoding.decode(bytes, Frame.DEFAULT_MAX_PAYLOAD);
        assertArrayEquals(bytes, f.encode());
      } else {
        ErrorCode want = ErrorCode.valueOf(stem.substring(dot + 1));
        ProtocolException e = assertThrows(ProtocolException.class, () -> ServiceDecoding.decode(bytes, Frame.DEFAULT_MAX_PAYLOAD));
        assertEquals(want, e.code(), e.getMessage());
      }
    }));
  }

  @Test
  void the_status_request_is_the_documented_bytes() throws IOException {
    assertEquals("5a4b5056010300000000000700000000",
        java.util.HexFormat.of().formatHex(Files.readAllBytes(ProtocolVectorGenerator.VECTORS.resolve("status-request.bin"))));
  }

  @Test
  void a_good_prove_request_round_trips_to_the_same_job() throws Exception {
    Map<String, byte[]> v = ProtocolVectorGenerator.vectors();
    Frame f = FrameCodec.decode(v.get("prove-request-sgd"), Frame.DEFAULT_MAX_PAYLOAD);
    byte[] again = Messages.encodeProve(Messages.decodeProve(f.payload(), 1));
    assertArrayEquals(f.payload(), again);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
