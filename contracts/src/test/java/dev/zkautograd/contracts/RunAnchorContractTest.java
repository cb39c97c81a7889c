package dev.zkautograd.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.contracts.web3j.RunAnchor;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.log.MerkleTree;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tuples.generated.Tuple5;

/**
 * RunAnchor.sol on a real EVM (a Hardhat node started once for the class, see {@link LocalEvmNode}),
 * through the web3j bindings the build generates from the committed ABI and bytecode. Covers the
 * commit half: registration, the counter, the RFC 9162 consistency check on chain, and the prover
 * key; each refusal must come back as the contract's revert reason.
 */
class RunAnchorContractTest {
  static LocalEvmNode node;
  static Web3j web3;
  static RunAnchor asDeployer;
  static final StaticGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(15_000_000)); // under the per-transaction cap of 2^24 (EIP-7825)
  private final List<Digest> leaves = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    node = LocalEvmNode.start(LocalService.home());
    web3 = node.client();
    // No STARK verifier is deployed here: the commit half never calls it.
    asDeployer = RunAnchor.deploy(web3, LocalEvmNode.devAccount(0), GAS, "0x0000000000000000000000000000000000000001").send();
  }

  @AfterAll
  static void stop() {
    if (web3 != null) web3.shutdown();
    if (node != null) node.close();
  }

  static RunAnchor as(int account) {
    return RunAnchor.load(asDeployer.getContractAddress(), web3, LocalEvmNode.devAccount(account), GAS);
  }

  MerkleTree tree(int size) {
    while (leaves.size() < size) leaves.add(MerkleTree.leafHash(("leaf " + leaves.size()).getBytes(StandardCharsets.UTF_8)));
    return MerkleTree.ofLeafHashes(leaves.subList(0, size));
  }

  static List<byte[]> path(MerkleTree t, int from, int to) {
    List<byte[]> p = new ArrayList<>();
    for (Digest d : t.consistencyProof(from, to).path()) p.add(d.bytes());
    return p;
  }

  static byte[] runKey(String runId) {
    return Digest.sha256(("zk-autograd/" + runId).getBytes(StandardCharsets.UTF_8)).bytes();
  }

  static String revertReason(Exception e) {
    return String.valueOf(e.getMessage());
  }

  @Test
  void commits_count_up_and_every_bad_commit_reverts_with_its_reason() throws Exception {
    byte[] run = runKey("run-evm-commit");
    RunAnchor prover = as(1);
    TransactionReceipt reg = asDeployer.register(run, LocalEvmNode.devAccount(1).getAddress(), BigInteger.ONE,
        new byte[] {1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 1}).send();
    assertTrue(reg.isStatusOK());
    Exception twice = assertThrows(Exception.class, () -> asDeployer.register(run, LocalEvmNode.devAccount(0).getAddress(),
        BigInteger.ONE, new byte[] {1, 2, 3, 4}).send());
    assertTrue(revertReason(twice).contains("RunAnchor: run already registered"), revertReason(twice));

    MerkleTree t3 = tree(3);
    TransactionReceipt c1 = prover.commit(run, BigInteger.ONE, BigInteger.valueOf(3), t3.root().bytes(), List.of()).send();
    assertTrue(c1.isStatusOK());
    System.out.println("gas RunAnchor.commit (first head): " + c1.getGasUsed());

    Exception wrongSender = assertThrows(Exception.class,
        () -> as(0).commit(run, BigInteger.TWO, BigInteger.valueOf(3), t3.root().bytes(), List.of()).send());
    assertTrue(revertReason(wrongSender).contains("RunAnchor: sender is not the run's prover"), revertReason(wrongSender));

    // The committed head awaits its proof: no second commit.
    Exception pending = assertThrows(Exception.class,
        () -> prover.commit(run, BigInteger.TWO, BigInteger.valueOf(3), t3.root().bytes(), List.of()).send());
    assertTrue(revertReason(pending).contains("RunAnchor: the last head awaits its proof"), revertReason(pending));

    Tuple5<String, BigInteger, BigInteger, byte[], Boolean> head = prover.head(run).send();
    assertEquals(LocalEvmNode.devAccount(1).getAddress(), head.component1().toLowerCase());
    assertEquals(BigInteger.ONE, head.component2());
    assertEquals(BigInteger.valueOf(3), head.component3());
    assertEquals(t3.root(), Digest.of(head.component4()));
    assertEquals(false, head.component5());
  }

  @Test
  void a_counter_that_does_not_follow_and_a_proof_from_nothing_revert() throws Exception {
    byte[] run = runKey("run-evm-counter");
    asDeployer.register(run, LocalEvmNode.devAccount(1).getAddress(), BigInteger.ONE, new byte[] {1, 2, 3, 4}).send();
    RunAnchor prover = as(1);
    MerkleTree t5 = tree(5);
    for (long stale : new long[] {0, 2}) {
      Exception e = assertThrows(Exception.class,
          () -> prover.commit(run, BigInteger.valueOf(stale), BigInteger.valueOf(5), t5.root().bytes(), List.of()).send());
      assertTrue(revertReason(e).contains("RunAnchor: counter does not increase by one"), revertReason(e));
    }
    MerkleTree t9 = tree(9);
    Exception fromNothing = assertThrows(Exception.class,
        () -> prover.commit(run, BigInteger.ONE, BigInteger.valueOf(9), t9.root().bytes(), path(t9, 5, 9)).send());
    assertTrue(revertReason(fromNothing).contains("RunAnchor: no proof from an empty tree"), revertReason(fromNothing));
    Exception unregistered = assertThrows(Exception.class,
        () -> prover.commit(runKey("run-evm-none"), BigInteger.ONE, BigInteger.valueOf(5), t5.root().bytes(), List.of()).send());
    assertTrue(revertReason(unregistered).contains("RunAnchor: run not registered"), revertReason(unregistered));
    Exception noChallenge = assertThrows(Exception.class, () -> prover.challenge(run).send());
    assertTrue(revertReason(noChallenge).contains("RunAnchor: no pending head"), revertReason(noChallenge));
  }
}
