package dev.zkautograd.contracts.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.contracts.Deployer;
import dev.zkautograd.contracts.LocalEvmNode;
import dev.zkautograd.contracts.SolidityCompiler;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdStepVerifier;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;

/**
 * The generated verifier, compiled by solc from npm and deployed on a real EVM (a Hardhat node started
 * once for the class), agrees with the JVM verifier on the golden proof vector of zk
 * ({@code vectors/proof/sgd-64.OK.proof}) and on every tampered copy: the committed broken vectors,
 * a flipped byte in each part of the proof, and wrong public inputs. Agreement means: both accept,
 * or both reject with the same reason name.
 */
class GeneratedVerifierTest {
  static final Path VECTORS = LocalService.home().resolve("zk/src/test/resources/vectors/proof");
  /** The golden vector's statement: SGD, lr 42950, clip 2^32, 64 parameters in one chunk, step 41. */
  static final EvmVerifierParams GOLDEN = new EvmVerifierParams(new OptimizerSpec.Sgd(32, 42950, 1L << 32), 64, 1,
      ProofParameters.builder().blowupLog2(4).queries(110).grindingBits(20).foldingLog2(2).build());
  static final long STEP = 41;

  @TempDir static Path dir;
  static LocalEvmNode node;
  static Web3j web3;
  static StepVerifierContract verifier;
  static byte[] golden;
  static byte[] rootIn;
  static byte[] rootOut;
  static EvmVerifierGenerator.Generated generated;

  @BeforeAll
  static void deploy() throws Exception {
    golden = Files.readAllBytes(VECTORS.resolve("sgd-64.OK.proof"));
    Map<String, String> inputs = new TreeMap<>();
    for (String line : Files.readAllLines(VECTORS.resolve("sgd-64.inputs"))) {
      int eq = line.indexOf('=');
      if (eq > 0) inputs.put(line.substring(0, eq), line.substring(eq + 1));
    }
    rootIn = HexFormat.of().parseHex(inputs.get("root_state_in"));
    rootOut = HexFormat.of().parseHex(inputs.get("root_state_out"));
    assertEquals(inputs.get("statement"), HexFormat.of().formatHex(GOLDEN.statement(STEP, 0).toBytes()));

    generated = EvmVerifierGenerator.generate(GOLDEN, VerificationPolicy.DEFAULT);
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve(generated.contractName() + ".sol"), generated.source());
    SolidityCompiler.Compiled c = new SolidityCompiler(LocalService.home()).compile(src, dir.resolve("out"), generated.contractName());
    System.out.print(c.output());
    node = LocalEvmNode.start(LocalService.home());
    web3 = node.client();
    String address = Deployer.deploy(web3, LocalEvmNode.devAccount(0), LocalEvmNode.CHAIN_ID, c.bytecode(), BigInteger.valueOf(15_000_000))
        .getContractAddress();
    verifier = new StepVerifierContract(web3, address, LocalEvmNode.devAccount(0).getAddress());
  }

  @AfterAll
  static void stop() {
    if (web3 != null) web3.shutdown();
    if (node != null) node.close();
  }

  /** The JVM's verdict: null, or the reason name. */
  static String jvm(byte[] proof, long step, int chunk, byte[] in, byte[] out) {
    try {
      SgdStepVerifier.verify(proof, new StepPublicInputs(GOLDEN.statement(step, chunk), Digest.of(in), Digest.of(out)),
          VerificationPolicy.DEFAULT);
      return null;
    } catch (VerificationException e) {
      return e.reason().name();
    }
  }

  static void agree(String what, byte[] proof, long step, int chunk, byte[] in, byte[] out) throws Exception {
    String expected = jvm(proof, step, chunk, in, out);
    String onChain = verifier.verify(proof, step, chunk, in, out);
    if (expected == null) {
      assertNull(onChain, what + ": the JVM accepts, the contract reverts with " + onChain);
    } else {
      assertNotNull(onChain, what + ": the JVM rejects with " + expected + ", the contract accepts");
      assertTrue(onChain.contains("ZKAP: " + expected + ":"), what + ": the JVM says " + expected + ", the contract " + onChain);
    }
  }

  @Test
  void the_golden_proof_verifies_on_chain_and_the_estimate_is_close_to_the_gas_it_costs() throws Exception {
    assertNull(jvm(golden, STEP, 0, rootIn, rootOut));
    assertNull(verifier.verify(golden, STEP, 0, rootIn, rootOut));
    long gas = verifier.estimateGas(golden, STEP, 0, rootIn, rootOut);
    GasEstimate e = generated.gas();
    System.out.printf("gas verifyStep(golden sgd-64, %d bytes): %d; estimated without a node: %d (proof %d bytes, floor %d, standard %d, "
        + "execution %d)%n", golden.length, gas, e.transactionGas(), e.proofBytes(), e.calldataFloorGas(), e.standardGas(), e.executionGas());
    assertTrue(gas < 1 << 24, "over the per-transaction cap: " + gas);
    assertTrue(Math.abs(e.proofBytes() - golden.length) < golden.length / 10, "proof size estimate " + e.proofBytes());
    assertTrue(Math.abs(e.transactionGas() - gas) < gas / 5, "gas estimate " + e.transactionGas() + " against " + gas);
  }

  @Test
  void every_broken_vector_is_rejected_for_the_jvm_verifiers_reason() throws Exception {
    List<Path> broken = new ArrayList<>();
    try (Stream<Path> s = Files.list(VECTORS)) {
      s.filter(p -> p.getFileName().toString().endsWith(".proof") && !p.getFileName().toString().contains(".OK.")).sorted()
          .forEach(broken::add);
    }
    assertTrue(broken.size() >= 10, "broken vectors: " + broken);
    for (Path p : broken) {
      String name = p.getFileName().toString();
      String reason = name.substring(name.indexOf('.') + 1, name.lastIndexOf('.'));
      byte[] proof = Files.readAllBytes(p);
      assertEquals(reason, jvm(proof, STEP, 0, rootIn, rootOut), name);
      agree(name, proof, STEP, 0, rootIn, rootOut);
    }
  }

  @Test
  void a_flipped_byte_in_each_part_of_the_proof_is_rejected_as_the_jvm_rejects_it() throws Exception {
    // Region starts of the golden proof: magic, version, statement, roots, composition root, FRI roots,
    // OOD values, final polynomial, nonce, then the openings; one flip at each start and seeded ones.
    // (The parameter bytes have their own test: there the two verifiers differ by design.)
    int l = 53;
    int roots = 13 + l + 1;
    List<Integer> at = new ArrayList<>(List.of(0, 5, 13, 13 + 20, roots, roots + 32, roots + 64, roots + 96, roots + 128));
    int fri = roots + 128 + 33;
    at.add(fri);
    SplittableRandom rnd = new SplittableRandom(8);
    for (int i = 0; i < 16; i++) at.add(fri + rnd.nextInt(golden.length - fri));
    at.add(golden.length - 1);
    for (int pos : at) {
      byte[] p = golden.clone();
      p[pos] ^= (byte) (1 << rnd.nextInt(8));
      agree("bit flipped at byte " + pos, p, STEP, 0, rootIn, rootOut);
    }
  }

  /**
   * The JVM verifier takes any parameters that prove the policy's bits; the contract only the set it
   * was generated for (docs/evm-verifier.md). Out-of-range bytes are MALFORMED to both; other valid
   * parameters are rejected by both, by the contract as WEAK_PARAMETERS.
   */
  @Test
  void other_parameters_are_rejected_and_out_of_range_ones_are_malformed() throws Exception {
    byte[] outOfRange = golden.clone();
    outOfRange[6] = 7; // blow-up 2^7
    agree("blow-up 2^7", outOfRange, STEP, 0, rootIn, rootOut);
    byte[] stronger = golden.clone();
    stronger[8] = (byte) 120; // 120 queries instead of 110
    assertNotNull(jvm(stronger, STEP, 0, rootIn, rootOut));
    String onChain = verifier.verify(stronger, STEP, 0, rootIn, rootOut);
    assertTrue(onChain != null && onChain.contains("ZKAP: WEAK_PARAMETERS: not the parameters this verifier was generated for"), onChain);
  }

  @Test
  void wrong_public_inputs_are_rejected() throws Exception {
    byte[] other = rootIn.clone();
    other[31] ^= 1;
    agree("step 42", golden, STEP + 1, 0, rootIn, rootOut);
    agree("another state_in", golden, STEP, 0, other, rootOut);
    agree("another state_out", golden, STEP, 0, rootIn, other);
    agree("state roots swapped", golden, STEP, 0, rootOut, rootIn);
    String chunk = verifier.verify(golden, STEP, 1, rootIn, rootOut);
    assertTrue(chunk != null && chunk.contains("ZKAP: PUBLIC_INPUT_MISMATCH: no such chunk"), chunk);
  }
}
