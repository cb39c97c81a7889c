package dev.zkautograd.enclave.protocol;

import dev.zkautograd.enclave.Jobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the prover-protocol vectors ({@code docs/formats/prover-protocol.md}, "Test vectors") and
 * the fuzz target's seed corpus. Deterministic; {@code ProtocolVectorsTest} checks the committed
 * files are what it writes ({@code -Dzka.regenerate=true} rewrites them).
 */
final class ProtocolVectorGenerator {
  static final Path VECTORS = Path.of("src/test/resources/vectors/prover-protocol");
  static final Path CORPUS = Path.of("src/test/resources/dev/zkautograd/enclave/protocol/FrameCodecFuzzTestInputs/decode");

  private ProtocolVectorGenerator() {}

  static Map<String, byte[]> vectors() {
    Map<String, byte[]> v = new LinkedHashMap<>();
    byte[] status = new Frame(FrameType.STATUS, 7, new byte[0]).encode();
    byte[] prove = new Frame(FrameType.PROVE, 1, Messages.encodeProve(Jobs.sgd("run-20261124-101500", 0, 4, 1, 42))).encode();
    v.put("status-request", status);
    v.put("attest-request", new Frame(FrameType.ATTEST, 2, Messages.encodeAttest(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).encode());
    v.put("prove-request-sgd", prove);
    v.put("status-report-idle", new Frame(FrameType.STATUS_REPORT, 7,
        Messages.encodeStatus(new Messages.StatusReport(3, 1, 0, null, 1, 60_000, Jobs.signer(1).keyId()))).encode());
    v.put("error-bad-magic", new Frame(FrameType.ERROR, 0, Messages.encodeError(ErrorCode.BAD_MAGIC, "a frame starts with \"ZKPV\"")).encode());

    byte[] b = status.clone();
    b[0] = 'G';
    v.put("bad-magic.BAD_MAGIC", b);
    b = status.clone();
    b[4] = 2;
    v.put("version-2.UNSUPPORTED_VERSION", b);
    b = status.clone();
    b[12] = 0x04;
    b[15] = 0x01; // 64 MiB + 1
    v.put("length-over-limit.FRAME_TOO_LARGE", b);
    v.put("header-cut.TRUNCATED", Arrays.copyOf(status, 9));
    v.put("payload-cut.TRUNCATED", Arrays.copyOf(prove, prove.length - 10));
    b = status.clone();
    b[5] = 42;
    v.put("type-42.UNKNOWN_TYPE", b);
    b = status.clone();
    b[7] = 1;
    v.put("flags-set.MALFORMED", b);
    byte[] payload = Messages.encodeProve(Jobs.sgd("run-20261124-101500", 0, 4, 1, 42));
    v.put("prove-trailing-byte.MALFORMED", new Frame(FrameType.PROVE, 1, Arrays.copyOf(payload, payload.length + 1)).encode());
    // Offsets in the PROVE payload: run id (2 + 19), step (8), chunk count (4), then the statement (2 + its bytes).
    int statementAt = 2 + 19 + 8 + 4 + 2;
    int statementLength = Jobs.sgd("run-20261124-101500", 0, 4, 1, 42).chunks().get(0).statement().toBytes().length;
    byte[] shortArray = payload.clone();
    shortArray[statementAt + statementLength + 3] = 3; // weights count 3: the statement's chunk has 4
    v.put("prove-short-array.MALFORMED", new Frame(FrameType.PROVE, 1, shortArray).encode());
    byte[] chunkOne = payload.clone();
    chunkOne[statementAt + 3 + 16 + 1 + 8 + 8 + 3] = 1; // the only chunk states chunk index 1
    v.put("prove-chunk-index-wrong.MALFORMED", new Frame(FrameType.PROVE, 1, chunkOne).encode());
    return v;
  }

  static void write(Path dir, Path corpus) throws IOException {
    for (Path d : new Path[] {dir, corpus}) {
      if (Files.exists(d)) {
        try (Stream<Path> s = Files.walk(d)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      Files.createDirectories(d);
    }
    for (Map.Entry<String, byte[]> e : vectors().entrySet()) {
      Files.write(dir.resolve(e.getKey() + ".bin"), e.getValue());
      Files.write(corpus.resolve(e.getKey()), e.getValue());
    }
  }

  public static void main(String[] args) throws IOException {
    write(VECTORS, CORPUS);
  }
}
