package dev.zkautograd.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.contracts.web3j.RunAnchor;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.sgd.SgdStepVerifier;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * {@code RunAnchor.prove} with real records and proofs, on a Hardhat node: a small real SGD run (64
 * parameters in one chunk, the committed {@code SgdStepVerifier64x1}'s shape and proof parameters) is
 * registered, its tree head committed, and the chunk the contract challenges proven with its record,
 * inclusion path and proof, after which the head is anchored. Every forgery on that path is refused
 * with the contract's revert reason: a flipped proof byte, a record of another step, a wrong sender, a
 * stale counter, an inconsistent root, and a run whose records name forged proofs (rejected by the
 * on-chain verifier for the reason the JVM verifier gives).
 */
class RunAnchorProveTest {
  static final StaticGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), EvmAnchor.TRANSACTION_GAS_CAP);

  @TempDir static Path dir;
  static LocalEvmNode node;
  static Web3j web3;
  static RunAnchorDeployment deployed;
  static Path honest;
  static Path forged;

  @BeforeAll
  static void start() throws Exception {
    honest = dir.resolve("honest");
    OnChainRun.write(honest, "run-onchain-honest", 4, null);
    forged = dir.resolve("forged");
    // The cheating prover changes one OOD value of each proof and records the changed proof's digest.
    OnChainRun.write(forged, "run-onchain-forged", 2, null, OnChainRun.GOLDEN, p -> {
      p[13 + 53 + 1 + 4 * 32 + 40] ^= 1;
      return p;
    });
    node = LocalEvmNode.start(LocalService.home());
    web3 = node.client();
    deployed = RunAnchorDeployment.deploy(web3, LocalEvmNode.devAccount(0), LocalEvmNode.CHAIN_ID,
        RunAnchorDeployment.committed("SgdStepVerifier64x1"));
  }

  @AfterAll
  static void stop() {
    if (web3 != null) web3.shutdown();
    if (node != null) node.close();
  }

  static RunAnchor as(int account) {
    return RunAnchor.load(deployed.runAnchor(), web3, LocalEvmNode.devAccount(account), GAS);
  }

  static List<Digest> leaves(Path run) throws Exception {
    return RunReader.read(run).log().leafHashes();
  }

  static String reverted(org.junit.jupiter.api.function.Executable call) {
    Exception e = assertThrows(Exception.class, call);
    return String.valueOf(e.getMessage());
  }

  /** Waits for the block after the commit, then returns the challenge. */
  static Tuple2<BigInteger, BigInteger> challenge(RunAnchor c, byte[] run, long commitBlock) throws Exception {
    while (web3.ethBlockNumber().send().getBlockNumber().longValueExact() <= commitBlock) Thread.sleep(200);
    return c.challenge(run).send();
  }

  static TransactionReceipt register(String runId) throws Exception {
    return as(0).register(EvmAnchor.runKey(runId), LocalEvmNode.devAccount(1).getAddress(), BigInteger.ONE, OnChainRun.GOLDEN.rule()).send();
  }

  @Test
  void the_challenged_chunk_proves_the_head_and_every_forgery_on_the_way_reverts_with_its_reason() throws Exception {
    String runId = "run-onchain-honest";
    byte[] run = EvmAnchor.runKey(runId);
    RunAnchor prover = as(1);
    assertTrue(register(runId).isStatusOK());
    MerkleTree tree = MerkleTree.ofLeafHashes(leaves(honest));
    TransactionReceipt committed = prover.commit(run, BigInteger.ONE, BigInteger.valueOf(3), tree.root(3).bytes(), List.of()).send();
    Tuple2<BigInteger, BigInteger> ch = challenge(prover, run, committed.getBlockNumber().longValueExact());
    long step = ch.component1().longValueExact();
    assertTrue(step < 3, "the challenge is a step of the committed tree: " + step);
    assertEquals(BigInteger.ZERO, ch.component2());
    ChallengedChunk cc = ChallengedChunk.read(new DirectoryRunFiles(honest), 3, step, 0);

    String wrongSender = reverted(() -> as(0).prove(run, cc.record(), cc.inclusion(), cc.entryAt(), cc.proof()).send());
    assertTrue(wrongSender.contains("RunAnchor: sender is not the run's prover"), wrongSender);

    byte[] flipped = cc.proof().clone();
    flipped[flipped.length / 2] ^= 0x10;
    String flip = reverted(() -> prover.prove(run, cc.record(), cc.inclusion(), cc.entryAt(), flipped).send());
    // The proof system checks the proof before the record is searched for it: the verifier finds the flipped byte.
    assertTrue(flip.contains("ZKAP: COMMITMENT_MISMATCH"), flip);

    ChallengedChunk other = ChallengedChunk.read(new DirectoryRunFiles(honest), 3, (step + 1) % 3, 0);
    String otherStep = reverted(() -> prover.prove(run, other.record(), other.inclusion(), other.entryAt(), other.proof()).send());
    assertTrue(otherStep.contains("RunAnchor: record not in the committed tree"), otherStep);

    String shifted = reverted(() -> prover.prove(run, cc.record(), cc.inclusion(), cc.entryAt().add(BigInteger.ONE), cc.proof()).send());
    assertTrue(shifted.contains("RunAnchor: the record does not name this proof"), shifted);

    TransactionReceipt proven = prover.prove(run, cc.record(), cc.inclusion(), cc.entryAt(), cc.proof()).send();
    assertTrue(proven.isStatusOK());
    System.out.printf("gas RunAnchor.prove (step %d of a 3-step tree, SGD 64x1, proof %d bytes, record %d bytes): %d%n", step,
        cc.proof().length, cc.record().length, proven.getGasUsed());
    assertTrue(proven.getGasUsed().compareTo(EvmAnchor.TRANSACTION_GAS_CAP) < 0);
    assertEquals(1, RunAnchor.getAnchoredEvents(proven).size());
    var head = prover.head(run).send();
    assertEquals(BigInteger.ONE, head.component2());
    assertEquals(tree.root(3), Digest.of(head.component4()));
    assertTrue(head.component5(), "the head is anchored once its proof verified");
    String noneLeft = reverted(() -> prover.prove(run, cc.record(), cc.inclusion(), cc.entryAt(), cc.proof()).send());
    assertTrue(noneLeft.contains("RunAnchor: no pending head"), noneLeft);

    List<byte[]> path = new ArrayList<>();
    for (Digest d : tree.consistencyProof(3, 4).path()) path.add(d.bytes());
    for (long stale : new long[] {0, 1, 3}) {
      String s = reverted(() -> prover.commit(run, BigInteger.valueOf(stale), BigInteger.valueOf(4), tree.root(4).bytes(), path).send());
      assertTrue(s.contains("RunAnchor: counter does not increase by one"), stale + ": " + s);
    }
    // Another run's root of the same size: no consistency path from the anchored head leads there.
    byte[] otherRoot = MerkleTree.ofLeafHashes(leaves(forged)).root().bytes();
    String inconsistent = reverted(() -> prover.commit(run, BigInteger.TWO, BigInteger.valueOf(4), otherRoot, path).send());
    assertTrue(inconsistent.contains("RunAnchor: not a consistent extension"), inconsistent);
    String shrunk = reverted(() -> prover.commit(run, BigInteger.TWO, BigInteger.valueOf(2), tree.root(2).bytes(), List.of()).send());
    assertTrue(shrunk.contains("RunAnchor: tree shrank"), shrunk);
    String stranger = reverted(() -> as(0).commit(run, BigInteger.TWO, BigInteger.valueOf(4), tree.root(4).bytes(), path).send());
    assertTrue(stranger.contains("RunAnchor: sender is not the run's prover"), stranger);
    TransactionReceipt next = prover.commit(run, BigInteger.TWO, BigInteger.valueOf(4), tree.root(4).bytes(), path).send();
    assertTrue(next.isStatusOK(), "the consistent extension from the anchored head commits");
    System.out.println("gas RunAnchor.commit (second head, consistency path of " + path.size() + "): " + next.getGasUsed());
    assertFalse(prover.head(run).send().component5(), "the new head awaits its proof");
  }

  @Test
  void a_run_whose_records_name_forged_proofs_cannot_complete_its_head() throws Exception {
    String runId = "run-onchain-forged";
    byte[] run = EvmAnchor.runKey(runId);
    RunAnchor prover = as(1);
    register(runId);
    MerkleTree tree = MerkleTree.ofLeafHashes(leaves(forged));
    TransactionReceipt committed = prover.commit(run, BigInteger.ONE, BigInteger.valueOf(2), tree.root().bytes(), List.of()).send();
    long step = challenge(prover, run, committed.getBlockNumber().longValueExact()).component1().longValueExact();
    ChallengedChunk cc = ChallengedChunk.read(new DirectoryRunFiles(forged), 2, step, 0);
    String jvm = jvmReason(cc);
    assertNotNull(jvm, "the JVM verifier rejects the forged proof");
    String onChain = reverted(() -> prover.prove(run, cc.record(), cc.inclusion(), cc.entryAt(), cc.proof()).send());
    assertTrue(onChain.contains("ZKAP: " + jvm + ":"), "the JVM says " + jvm + ", the chain " + onChain);
    assertFalse(prover.head(run).send().component5(), "the head stays pending for everyone to see");
    String blocked = reverted(() -> prover.commit(run, BigInteger.TWO, BigInteger.valueOf(2), tree.root().bytes(), List.of()).send());
    assertTrue(blocked.contains("RunAnchor: the last head awaits its proof"), blocked);
  }

  static String jvmReason(ChallengedChunk cc) throws Exception {
    var entry = dev.zkautograd.core.run.StepRecord.parse(cc.record()).chunks().get(cc.chunk());
    try {
      SgdStepVerifier.verify(cc.proof(), new StepPublicInputs(OnChainRun.GOLDEN.statement(cc.step(), cc.chunk()), entry.stateIn(),
          entry.stateOut()), VerificationPolicy.DEFAULT);
      return null;
    } catch (VerificationException e) {
      return e.reason().name();
    }
  }
}
