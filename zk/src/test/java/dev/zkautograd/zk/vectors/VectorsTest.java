package dev.zkautograd.zk.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.sgd.SgdAir;
import dev.zkautograd.zk.sgd.SgdStepVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** Walks vectors/proof: the golden proof verifies at the default policy; each broken one fails with the reason in its name. */
class VectorsTest {
  static final Path DIR = Path.of("src/test/resources/vectors/proof");

  static StepPublicInputs inputs() throws Exception {
    Map<String, String> kv = new HashMap<>();
    for (String line : Files.readAllLines(DIR.resolve(GoldenVectors.INPUTS))) {
      int eq = line.indexOf('=');
      kv.put(line.substring(0, eq), line.substring(eq + 1));
    }
    assertEquals(Hex.toHexString(GoldenVectors.statement().toBytes()), kv.get("statement"));
    return new StepPublicInputs(GoldenVectors.statement(), Digest.parseHex(kv.get("root_state_in"), "root_state_in"),
        Digest.parseHex(kv.get("root_state_out"), "root_state_out"));
  }

  @Test
  void goldenProofParsesVerifiesAndReserialisesIdentically() throws Exception {
    byte[] bytes = Files.readAllBytes(DIR.resolve(GoldenVectors.GOLDEN));
    SgdStepVerifier.verify(bytes, inputs(), VerificationPolicy.DEFAULT);
    assertArrayEquals(bytes, ProofCodec.encode(ProofCodec.decode(bytes)));
    CompiledAir ca = CompiledAir.of(SgdAir.of(GoldenVectors.statement()));
    assertTrue(SecurityBound.bits(ProofShape.of(GoldenVectors.PARAMS, ca), ca) >= 100);
  }

  @Test
  void generatorReproducesTheGoldenProof() throws Exception {
    StepProof p = GoldenVectors.golden();
    assertArrayEquals(Files.readAllBytes(DIR.resolve(GoldenVectors.GOLDEN)), p.proof());
    assertEquals(GoldenVectors.inputsFile(p), Files.readString(DIR.resolve(GoldenVectors.INPUTS)));
  }

  @Test
  void brokenVectorsFailWithTheReasonInTheirName() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(f -> f.toString().endsWith(".proof") && !f.getFileName().toString().equals(GoldenVectors.GOLDEN))
          .sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 10, "broken vectors: " + files.size());
    StepPublicInputs inputs = inputs();
    for (Path f : files) {
      String name = f.getFileName().toString();
      String[] parts = name.split("\\.");
      VerificationException.Reason want = VerificationException.Reason.valueOf(parts[parts.length - 2]);
      byte[] bytes = Files.readAllBytes(f);
      VerificationException e = assertThrows(VerificationException.class,
          () -> SgdStepVerifier.verify(bytes, inputs, VerificationPolicy.DEFAULT), name);
      assertEquals(want, e.reason(), name + ": " + e.getMessage());
    }
  }
}
