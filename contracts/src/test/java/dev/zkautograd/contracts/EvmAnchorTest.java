package dev.zkautograd.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.Anchors;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;

/**
 * {@link EvmAnchor} as the anchor of a real run (SGD, 64 parameters in one chunk, real proofs) on a
 * Hardhat node: {@code RunWriter.finish} registers the run, commits its head and proves the
 * challenged chunk on chain, and records the receipt; the audit's re-check, through {@link
 * EvmAnchorResolver}, then finds it anchored, finds a mismatch when the receipt is edited or names
 * another contract, and reports "not reachable" when no node answers — never a pass.
 */
class EvmAnchorTest {
  static final String RUN = "run-evm-anchor";

  @TempDir static Path dir;
  static LocalEvmNode node;
  static Web3j web3;
  static RunAnchorDeployment deployed;
  static Path runDir;
  static AnchorReceipt receipt;

  @BeforeAll
  static void anchorARun() throws Exception {
    node = LocalEvmNode.start(LocalService.home());
    web3 = node.client();
    deployed = RunAnchorDeployment.deploy(web3, LocalEvmNode.devAccount(0), LocalEvmNode.CHAIN_ID,
        RunAnchorDeployment.committed("SgdStepVerifier64x1"));
    runDir = dir.resolve(RUN);
    EvmAnchor anchor = EvmAnchor.writer(web3, LocalEvmNode.CHAIN_ID, deployed.runAnchor(), deployed.block(), LocalEvmNode.devAccount(1),
        OnChainRun.GOLDEN, id -> new DirectoryRunFiles(dir.resolve(id)));
    OnChainRun.write(runDir, RUN, 3, anchor);
    List<AnchorReceipt> receipts = RunReader.read(runDir).anchors().receipts();
    assertEquals(1, receipts.size());
    receipt = receipts.get(0);
  }

  @AfterAll
  static void stop() {
    if (web3 != null) web3.shutdown();
    if (node != null) node.close();
  }

  static AuditResult recheck(String rpc) throws CoreException {
    return recheck(rpc, null);
  }

  static AuditResult recheck(String rpc, String pinned) throws CoreException {
    try (EvmAnchorResolver resolver = new EvmAnchorResolver(rpc, pinned)) {
      AuditReport r = RunAudit.audit(runDir, AuditOptions.builder().proofVerifier(RecordedStepVerifier.stark()).anchorResolver(resolver).build());
      List<AuditResult> rows = r.results().stream().filter(x -> x.check() == RunCheck.ANCHOR_RECHECK).toList();
      assertEquals(1, rows.size(), rows::toString);
      return rows.get(0);
    }
  }

  @Test
  void the_receipt_names_the_chain_contract_and_transactions_and_the_chain_holds_it() throws Exception {
    assertEquals(EvmAnchor.KIND, receipt.kind());
    assertEquals(1, receipt.counter());
    assertEquals(3, receipt.treeSize());
    assertEquals(RunReader.read(runDir).merkleRoot(), receipt.root());
    EvmAnchor.Ref ref = EvmAnchor.Ref.read(receipt.ref());
    assertEquals(LocalEvmNode.CHAIN_ID, ref.chainId());
    assertEquals(deployed.runAnchor(), ref.contract());
    assertEquals(deployed.verifier(), ref.verifier());
    assertTrue(ref.commitTx().matches("0x[0-9a-f]{64}") && ref.proveTx().matches("0x[0-9a-f]{64}"), ref.toString());
    assertTrue(ref.proveBlock() > ref.commitBlock(), "the proof comes in a later block than the commit: " + ref);
    assertTrue(ref.step() < 3 && ref.chunk() == 0, ref.toString());
    var tx = web3.ethGetTransactionReceipt(ref.proveTx()).send().getTransactionReceipt().orElseThrow();
    assertTrue(tx.isStatusOK());
    System.out.println("gas EvmAnchor prove transaction (RunAnchor.prove, SGD 64x1): " + tx.getGasUsed());

    AuditResult row = recheck(node.rpcUrl());
    assertEquals(Outcome.PASS, row.outcome(), row::toString);
    assertTrue(row.detail().startsWith("evm: anchored: #1 (tree size 3"), row.detail());
  }

  @Test
  void anchoring_the_same_head_again_returns_the_receipt_the_chain_holds() throws Exception {
    EvmAnchor again = EvmAnchor.writer(web3, LocalEvmNode.CHAIN_ID, deployed.runAnchor(), deployed.block(), LocalEvmNode.devAccount(1),
        OnChainRun.GOLDEN, id -> new DirectoryRunFiles(dir.resolve(id)));
    assertEquals(receipt, again.latest(RUN));
    EvmAnchor stranger = EvmAnchor.writer(web3, LocalEvmNode.CHAIN_ID, deployed.runAnchor(), deployed.block(), LocalEvmNode.devAccount(0),
        OnChainRun.GOLDEN, id -> new DirectoryRunFiles(dir.resolve(id)));
    CoreException e = assertThrows(CoreException.class,
        () -> stranger.anchor(new dev.zkautograd.core.run.AnchorRequest(RUN, 3, receipt.root(), null)));
    assertEquals(CoreException.Reason.ANCHOR_REJECTED, e.reason());
    assertTrue(e.getMessage().contains("registered to another prover"), e.getMessage());
  }

  @Test
  void an_edited_receipt_or_another_contract_is_a_mismatch() throws Exception {
    Path anchors = runDir.resolve(RunLayout.ANCHORS);
    byte[] original = Files.readAllBytes(anchors);
    try {
      EvmAnchor.Ref ref = EvmAnchor.Ref.read(receipt.ref());
      // The prove transaction edited: the chain's events name another.
      EvmAnchor.Ref otherTx = new EvmAnchor.Ref(ref.chainId(), ref.contract(), ref.verifier(), ref.runKey(), ref.commitTx(), ref.commitBlock(),
          ref.commitTx(), ref.proveBlock(), ref.step(), ref.chunk());
      write(anchors, withRef(otherTx.toJson()));
      AuditResult edited = recheck(node.rpcUrl());
      assertEquals(Outcome.FAIL, edited.outcome(), edited::toString);
      assertTrue(edited.detail().contains("mismatch"), edited.detail());

      // Another RunAnchor on the same chain (same verifier): it holds nothing of this run.
      RunAnchorDeployment other = RunAnchorDeployment.deploy(web3, LocalEvmNode.devAccount(0), LocalEvmNode.CHAIN_ID,
          RunAnchorDeployment.committed("SgdStepVerifier64x1"));
      EvmAnchor.Ref otherContract = new EvmAnchor.Ref(ref.chainId(), other.runAnchor(), ref.verifier(), ref.runKey(), ref.commitTx(),
          ref.commitBlock(), ref.proveTx(), ref.proveBlock(), ref.step(), ref.chunk());
      write(anchors, withRef(otherContract.toJson()));
      AuditResult moved = recheck(node.rpcUrl());
      assertEquals(Outcome.FAIL, moved.outcome(), moved::toString);
      assertTrue(moved.detail().contains("does not hold"), moved.detail());
      // Pinned to the auditor's contract, a receipt of another one is a mismatch before the chain is asked.
      AuditResult pinned = recheck(node.rpcUrl(), deployed.runAnchor());
      assertEquals(Outcome.FAIL, pinned.outcome(), pinned::toString);
      assertTrue(pinned.detail().contains("another RunAnchor than the one pinned"), pinned.detail());

      // A larger tree claimed than the chain holds (the run's own claim edited, re-signed or not).
      write(anchors, new AnchorReceipt(receipt.kind(), receipt.counter() + 1, receipt.treeSize(), receipt.root(), receipt.time(),
          receipt.ref()));
      assertEquals(Outcome.FAIL, recheck(node.rpcUrl()).outcome());
    } finally {
      Files.write(anchors, original);
    }
    assertEquals(Outcome.PASS, recheck(node.rpcUrl()).outcome());
    assertEquals(Outcome.PASS, recheck(node.rpcUrl(), deployed.runAnchor().toUpperCase().replace("0X", "0x")).outcome());
  }

  @Test
  void no_node_or_no_endpoint_is_not_reachable_never_a_pass() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    AuditResult down = recheck("http://127.0.0.1:" + closed);
    assertEquals(Outcome.SKIP, down.outcome(), down::toString);
    assertTrue(down.detail().startsWith("evm: not reachable:"), down.detail());
    AuditResult none = recheck(null);
    assertEquals(Outcome.SKIP, none.outcome(), none::toString);
    assertTrue(none.detail().contains("--evm-rpc"), none.detail());
  }

  @Test
  void a_reader_of_a_run_never_anchored_holds_nothing() throws Exception {
    assertNull(EvmAnchor.reader(web3, LocalEvmNode.CHAIN_ID, deployed.runAnchor(), deployed.block()).latest("run-never-anchored"));
    CoreException wrongChain = assertThrows(CoreException.class,
        () -> EvmAnchor.reader(web3, 1, deployed.runAnchor(), deployed.block()).latest(RUN));
    assertEquals(CoreException.Reason.ANCHOR_UNREACHABLE, wrongChain.reason());
  }

  private static byte[] withRef(JsonObject ref) {
    return new Anchors(List.of(new AnchorReceipt(receipt.kind(), receipt.counter(), receipt.treeSize(), receipt.root(), receipt.time(), ref)))
        .bytes();
  }

  private static void write(Path anchors, byte[] bytes) throws Exception {
    Files.write(anchors, bytes);
  }

  private static void write(Path anchors, AnchorReceipt r) throws Exception {
    Files.write(anchors, new Anchors(List.of(r)).bytes());
  }
}
