package dev.zkautograd.contracts.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.params.ProofParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generator without a node: the committed contract is its output, and it refuses what it cannot verify soundly. */
class EvmVerifierGeneratorTest {
  static final Path HOME = LocalService.home();

  @Test
  void the_committed_verifier_is_what_the_generator_makes_of_the_committed_parameters() throws Exception {
    EvmVerifierParams p = EvmVerifierParams.read(HOME.resolve("contracts/params/golden-sgd-64.json"));
    assertEquals(GeneratedVerifierTest.GOLDEN, p);
    EvmVerifierGenerator.Generated g = EvmVerifierGenerator.generate(p, VerificationPolicy.DEFAULT);
    assertEquals("SgdStepVerifier64x1", g.contractName());
    assertEquals(Files.readString(HOME.resolve("contracts/generated/SgdStepVerifier64x1.sol")), g.source(),
        "regenerate: zk-autograd evm-verifier --params contracts/params/golden-sgd-64.json --out contracts/generated");
    assertTrue(g.provenBits() >= 100, "bits " + g.provenBits());
  }

  @Test
  void parameters_below_the_policy_and_rules_it_cannot_translate_are_refused() {
    EvmVerifierParams weak = new EvmVerifierParams(new OptimizerSpec.Sgd(32, 42950, 1L << 32), 64, 1,
        ProofParameters.builder().blowupLog2(4).queries(60).grindingBits(20).foldingLog2(2).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvmVerifierGenerator.generate(weak, VerificationPolicy.DEFAULT));
    assertTrue(e.getMessage().contains("below the policy's 100"), e.getMessage());
    EvmVerifierParams adam = new EvmVerifierParams(new OptimizerSpec.Adam(32, 1L << 22, 3865470566L, 4290672329L, 43, 4252017623L), 64, 1,
        ProofParameters.builder().blowupLog2(4).queries(110).grindingBits(20).foldingLog2(2).build());
    e = assertThrows(IllegalArgumentException.class, () -> EvmVerifierGenerator.generate(adam, VerificationPolicy.DEFAULT));
    assertTrue(e.getMessage().contains("SGD step AIR only"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EvmVerifierParams(new OptimizerSpec.Sgd(32, 1, 1), 65, 2,
        ProofParameters.PROVEN_100));
    assertTrue(e.getMessage().contains("equal chunks"), e.getMessage());
  }

  @Test
  void a_bad_parameters_file_names_the_field() {
    String good = "{\"format\":\"zk-autograd/evm-verifier-params/v1\",\"optimizer\":{\"kind\":\"sgd\",\"frac_bits\":32,\"lr\":\"42950\","
        + "\"clip\":\"4294967296\"},\"parameters\":64,\"chunks\":1,\"proof\":{\"blowup_log2\":4,\"queries\":110,\"grinding_bits\":20,"
        + "\"folding_log2\":2}}";
    for (String[] c : new String[][] {
        {"\"chunks\":1", "\"chunks\":3", "chunks"},
        {"\"queries\":110", "\"queries\":0", "proof"},
        {"evm-verifier-params/v1", "evm-verifier-params/v2", "format"},
        {"\"parameters\":64,", "\"parameters\":64,\"extra\":1,", "extra"}}) {
      CoreException e = assertThrows(CoreException.class,
          () -> EvmVerifierParams.parse(good.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8)), c[1]);
      assertTrue(String.valueOf(e.field()).contains(c[2]) || e.getMessage().contains(c[2]), c[1] + ": " + e.getMessage() + " at " + e.field());
    }
  }
}
