package dev.zkautograd.contracts;

import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.contracts.web3j.RunAnchor;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.log.ConsistencyProof;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import dev.zkautograd.core.run.RunFiles;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.UtcTime;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The {@code RunAnchor} contract on an EVM chain as an {@link Anchor} (docs/anchoring.md, "EVM"): registers
 * the run once (its prover address, chunk count and rule), commits each tree head with the next counter
 * and the RFC 9162 consistency path from the last head, waits for the next block, and proves the step
 * chunk the contract then challenges with that chunk's record, inclusion path and proof, read from the
 * run's files. The head counts as anchored only once the proof verified on chain.
 *
 * <p>Receipts have kind {@value #KIND} and {@code ref = {"chain_id", "contract", "verifier", "run_key",
 * "commit_tx", "commit_block", "prove_tx", "prove_block", "step", "chunk"}}; their time is the proving
 * block's timestamp. {@link #latest} rebuilds the receipt from the contract's {@code Committed} and
 * {@code Anchored} events, so a re-check compares what the chain says with what {@code anchors.json} says.
 */
public final class EvmAnchor implements Anchor {
  public static final String KIND = "evm";
  /** The per-transaction gas cap (EIP-7825): the limit a prove transaction is sent with. */
  public static final BigInteger TRANSACTION_GAS_CAP = BigInteger.ONE.shiftLeft(24);
  private static final BigInteger CALL_GAS = BigInteger.valueOf(3_000_000);
  private static final String COMMITTED = EventEncoder.encode(RunAnchor.COMMITTED_EVENT);
  private static final String ANCHORED = EventEncoder.encode(RunAnchor.ANCHORED_EVENT);

  private final Web3j web3;
  private final long chainId;
  private final String contract;
  private final long fromBlock;
  private final Writer writer; // null: this anchor only reads
  private final Duration blockWait;
  private boolean chainChecked;

  /** What a writing anchor needs beyond the chain: the prover's key, the rule and chunk count it registers, the run's files. */
  private record Writer(Credentials prover, byte[] rule, int chunks, Function<String, RunFiles> runFiles) {}

  private EvmAnchor(Web3j web3, long chainId, String contract, long fromBlock, Writer writer, Duration blockWait) {
    this.web3 = web3;
    this.chainId = chainId;
    this.contract = contract.toLowerCase(Locale.ROOT);
    this.fromBlock = fromBlock;
    this.writer = writer;
    this.blockWait = blockWait;
  }

  /**
   * An anchor that writes through the {@code RunAnchor} at {@code contract} (deployed at block
   * {@code fromBlock} or later) as {@code prover}.
   *
   * @param rule the rule, chunking and proof parameters of the verifier the contract calls: what a run is registered with
   * @param runFiles the files of a run by its id, from which the challenged chunk is read
   */
  public static EvmAnchor writer(Web3j web3, long chainId, String contract, long fromBlock, Credentials prover,
      EvmVerifierParams rule, Function<String, RunFiles> runFiles) {
    return writer(web3, chainId, contract, fromBlock, prover, rule.rule(), rule.chunks(), runFiles);
  }

  /**
   * As {@link #writer(Web3j, long, String, long, Credentials, EvmVerifierParams, Function)}, registering runs
   * with {@code rule} ({@code StepStatement.ruleBytes()}) and {@code chunks} chunks: for a RunAnchor over any
   * proof system (EZKL's among them).
   */
  public static EvmAnchor writer(Web3j web3, long chainId, String contract, long fromBlock, Credentials prover, byte[] rule, int chunks,
      Function<String, RunFiles> runFiles) {
    return new EvmAnchor(web3, chainId, contract, fromBlock, new Writer(prover, rule.clone(), chunks, runFiles), Duration.ofMinutes(5));
  }

  /** An anchor that only reads ({@link #latest}) the {@code RunAnchor} at {@code contract}. */
  public static EvmAnchor reader(Web3j web3, long chainId, String contract, long fromBlock) {
    return new EvmAnchor(web3, chainId, contract, fromBlock, null, Duration.ZERO);
  }

  /**
   * The anchor a receipt names, read through {@code web3}: its chain id, contract, and the events from
   * its commit block on.
   *
   * @throws CoreException BAD_FIELD when the receipt's ref is not an evm ref
   */
  public static EvmAnchor forReceipt(AnchorReceipt receipt, Web3j web3) throws CoreException {
    Ref ref = Ref.read(receipt.ref());
    return reader(web3, ref.chainId(), ref.contract(), ref.commitBlock());
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The contract's address, lower-case. */
  public String contract() {
    return contract;
  }

  /** The key of a run in the contract: SHA-256 of its origin {@code zk-autograd/<run-id>}. */
  public static byte[] runKey(String runId) {
    return Digest.sha256(RunLayout.origin(runId).getBytes(StandardCharsets.UTF_8)).bytes();
  }

  @Override
  public AnchorReceipt anchor(AnchorRequest request) throws CoreException {
    if (writer == null) throw new IllegalStateException("a reading EvmAnchor does not anchor");
    requireChain();
    byte[] run = runKey(request.runId());
    RunAnchor c = bound(writer.prover());
    Tuple5<String, BigInteger, BigInteger, byte[], Boolean> head = call("read the run's head", () -> c.head(run).send());
    String me = writer.prover().getAddress().toLowerCase(Locale.ROOT);
    if (isZero(head.component1())) {
      send("register the run", () -> c.register(run, me, BigInteger.valueOf(writer.chunks()), writer.rule()).send());
    } else if (!head.component1().equalsIgnoreCase(me)) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the run is registered to another prover on chain").field("prover")
          .expected(me).actual(head.component1()).build();
    } else {
      Tuple2<BigInteger, byte[]> reg = call("read the run's registration", () -> c.registration(run).send());
      if (reg.component1().intValue() != writer.chunks() || !Arrays.equals(reg.component2(), writer.rule())) {
        throw CoreException.of(Reason.ANCHOR_REJECTED, "the run is registered on chain with another rule or chunk count").field("rule")
            .expected(writer.chunks() + " chunks, rule " + hex(writer.rule()))
            .actual(reg.component1() + " chunks, rule " + hex(reg.component2())).build();
      }
    }
    long commitBlock;
    if (!head.component5() && head.component3().longValue() == request.treeSize() && Digest.of(head.component4()).equals(request.root())) {
      commitBlock = pendingCommitBlock(run); // committed before a crash, never proven: prove it now
    } else if (!head.component5()) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the run's last head on chain awaits its proof, and it is not this head")
          .expected("tree size " + head.component3() + ", root " + hex(head.component4()))
          .actual("tree size " + request.treeSize() + ", root " + request.root().hex()).build();
    } else {
      request.requireExtends(latest(request.runId()));
      List<byte[]> path = new ArrayList<>();
      ConsistencyProof consistency = request.consistency();
      if (consistency != null) for (Digest d : consistency.path()) path.add(d.bytes());
      BigInteger counter = head.component2().add(BigInteger.ONE);
      TransactionReceipt committed = send("commit the head", () -> c.commit(run, counter, BigInteger.valueOf(request.treeSize()),
          request.root().bytes(), path).send());
      commitBlock = committed.getBlockNumber().longValueExact();
    }
    waitForBlockAfter(commitBlock);
    Tuple2<BigInteger, BigInteger> challenge = call("draw the challenge", () -> c.challenge(run).send());
    ChallengedChunk cc = ChallengedChunk.read(writer.runFiles().apply(request.runId()), request.treeSize(),
        challenge.component1().longValueExact(), challenge.component2().intValueExact());
    send("prove step " + cc.step() + " chunk " + cc.chunk(), () -> c.prove(run, cc.record(), cc.inclusion(), cc.entryAt(), cc.argument()).send());
    AnchorReceipt receipt = latest(request.runId());
    if (receipt == null || receipt.treeSize() != request.treeSize() || !receipt.root().equals(request.root())) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the chain does not show the head as anchored after its proof").build();
    }
    return receipt;
  }

  /**
   * The last head of the run that was proven on chain, as a receipt built from the contract's events
   * (the proving block's time), or null. A head committed but not proven is not anchored, and is not
   * returned.
   */
  @Override
  public AnchorReceipt latest(String runId) throws CoreException {
    requireChain();
    byte[] run = runKey(runId);
    List<Log> logs = logs(run);
    Log anchored = null;
    for (Log l : logs) if (l.getTopics().get(0).equals(ANCHORED)) anchored = l;
    if (anchored == null) return null;
    RunAnchor.AnchoredEventResponse a = RunAnchor.getAnchoredEventFromLog(anchored);
    Log committed = null;
    for (Log l : logs) {
      if (l.getTopics().get(0).equals(COMMITTED) && RunAnchor.getCommittedEventFromLog(l).counter.equals(a.counter)
          && l.getBlockNumber().compareTo(anchored.getBlockNumber()) <= 0) {
        committed = l;
      }
    }
    if (committed == null) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the contract's events show an anchored head without its commit").build();
    }
    RunAnchor.CommittedEventResponse cm = RunAnchor.getCommittedEventFromLog(committed);
    if (!cm.treeSize.equals(a.treeSize) || !Arrays.equals(cm.root, a.root)) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the contract's events show another head proven than committed").build();
    }
    final Log at = anchored;
    BigInteger timestamp = call("read the proving block", () ->
        web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(at.getBlockNumber()), false).send().getBlock().getTimestamp());
    String verifier = call("read the verifier's address", () -> readOnly().verifier().send()).toLowerCase(Locale.ROOT);
    Ref ref = new Ref(chainId, contract, verifier, hex(run), committed.getTransactionHash(), committed.getBlockNumber().longValueExact(),
        anchored.getTransactionHash(), anchored.getBlockNumber().longValueExact(), a.step.longValueExact(), a.chunk.longValueExact());
    return new AnchorReceipt(KIND, a.counter.longValueExact(), a.treeSize.longValueExact(), Digest.of(a.root),
        UtcTime.of(Instant.ofEpochSecond(timestamp.longValueExact())), ref.toJson());
  }

  /**
   * An evm receipt's {@code ref}: where the head is anchored and by which transactions.
   *
   * @param contract the {@code RunAnchor}, lower-case hex with 0x
   * @param verifier the proof system that contract calls (its {@code verifier()}: ZkapStepProofs or EzklStepProofs)
   * @param runKey SHA-256 of the run's origin, hex
   */
  public record Ref(long chainId, String contract, String verifier, String runKey, String commitTx, long commitBlock, String proveTx,
      long proveBlock, long step, long chunk) {
    public JsonObject toJson() {
      return JsonObject.builder().put("chain_id", chainId).put("contract", contract).put("verifier", verifier).put("run_key", runKey)
          .put("commit_tx", commitTx).put("commit_block", commitBlock).put("prove_tx", proveTx).put("prove_block", proveBlock)
          .put("step", step).put("chunk", chunk).build();
    }

    /** Reads an evm ref, refusing unknown members; errors name the field under {@code ref}. */
    public static Ref read(JsonObject ref) throws CoreException {
      JsonFields f = JsonFields.of(ref, "ref");
      long chainId = f.integer("chain_id", 1, dev.zkautograd.core.json.JsonNumber.MAX_SAFE_INTEGER);
      String contract = address(f, "contract");
      String verifier = address(f, "verifier");
      String runKey = f.string("run_key", 64);
      long commitBlock = f.integer("commit_block", 0, dev.zkautograd.core.json.JsonNumber.MAX_SAFE_INTEGER);
      long proveBlock = f.integer("prove_block", 0, dev.zkautograd.core.json.JsonNumber.MAX_SAFE_INTEGER);
      Ref r = new Ref(chainId, contract, verifier, runKey, f.string("commit_tx", 66), commitBlock, f.string("prove_tx", 66), proveBlock,
          f.integer("step", 0, dev.zkautograd.core.json.JsonNumber.MAX_SAFE_INTEGER), f.integer("chunk", 0, Integer.MAX_VALUE));
      f.refuseUnknown();
      return r;
    }

    private static String address(JsonFields f, String name) throws CoreException {
      String a = f.string(name, 42);
      if (!a.matches("0x[0-9a-f]{40}")) throw f.bad(name, "not an address", "0x and 40 lower-case hex digits", a);
      return a;
    }
  }

  private List<Log> logs(byte[] run) throws CoreException {
    EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST, contract)
        .addOptionalTopics(COMMITTED, ANCHORED).addSingleTopic("0x" + hex(run));
    EthLog got = call("read the contract's events", () -> web3.ethGetLogs(filter).send());
    if (got.hasError()) {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "eth_getLogs failed: " + got.getError().getMessage()).build();
    }
    List<Log> out = new ArrayList<>();
    for (EthLog.LogResult<?> r : got.getLogs()) {
      if (r.get() instanceof Log l && l.getAddress().equalsIgnoreCase(contract) && !l.isRemoved()) out.add(l);
    }
    return out;
  }

  private long pendingCommitBlock(byte[] run) throws CoreException {
    long block = -1;
    for (Log l : logs(run)) if (l.getTopics().get(0).equals(COMMITTED)) block = l.getBlockNumber().longValueExact();
    if (block < 0) throw CoreException.of(Reason.ANCHOR_REJECTED, "the pending head has no Committed event").build();
    return block;
  }

  /** The challenge is drawn from the commit block's hash, which the contract sees only from the next block on. */
  private void waitForBlockAfter(long block) throws CoreException {
    long deadline = System.nanoTime() + blockWait.toNanos();
    while (call("read the block number", () -> web3.ethBlockNumber().send().getBlockNumber()).longValueExact() <= block) {
      if (System.nanoTime() > deadline) {
        throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "no block after the commit's block " + block + " within " + blockWait
            + ": the head is committed and awaits its proof; anchor again once the chain moves").build();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "interrupted while waiting for the next block").build(e);
      }
    }
  }

  private void requireChain() throws CoreException {
    if (chainChecked) return;
    long served = call("read the chain id", () -> web3.ethChainId().send().getChainId()).longValueExact();
    if (served != chainId) {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "the node serves another chain than the anchor's: give an endpoint of chain " + chainId)
          .expected("chain id " + chainId).actual("chain id " + served).build();
    }
    chainChecked = true;
  }

  private RunAnchor bound(Credentials from) {
    TransactionManager tm = new RawTransactionManager(web3, from, chainId, new PollingTransactionReceiptProcessor(web3, 250, 2400));
    return RunAnchor.load(contract, web3, tm, new Gas());
  }

  private RunAnchor readOnly() {
    return RunAnchor.load(contract, web3, new ReadonlyTransactionManager(web3, contract), new Gas());
  }

  /** Prove transactions get the per-transaction cap (the STARK verification is most of it); the others far less. */
  private final class Gas implements ContractGasProvider {
    private BigInteger price;

    @Override
    public BigInteger getGasPrice(String contractFunc) {
      return getGasPrice();
    }

    @Override
    public synchronized BigInteger getGasPrice() {
      if (price == null) {
        try {
          price = web3.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        } catch (IOException e) {
          throw new ClientConnectionException("eth_gasPrice: " + e.getMessage());
        }
      }
      return price;
    }

    @Override
    public BigInteger getGasLimit(String contractFunc) {
      return RunAnchor.FUNC_PROVE.equals(contractFunc) ? TRANSACTION_GAS_CAP : CALL_GAS;
    }

    @Override
    public BigInteger getGasLimit() {
      return CALL_GAS;
    }
  }

  /** One JSON-RPC exchange. */
  @FunctionalInterface
  private interface Rpc<T> {
    T run() throws Exception;
  }

  /** A read: an unreachable node is ANCHOR_UNREACHABLE, a revert ANCHOR_REJECTED with the contract's reason. */
  private <T> T call(String what, Rpc<T> rpc) throws CoreException {
    return exchange(what, rpc);
  }

  /** A transaction: as {@link #call}, the revert reason (RunAnchor's or the verifier's) in the message. */
  private TransactionReceipt send(String what, Rpc<TransactionReceipt> rpc) throws CoreException {
    TransactionReceipt r = exchange(what, rpc);
    if (!r.isStatusOK()) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "cannot " + what + ": the transaction reverted: " + r.getRevertReason()).build();
    }
    return r;
  }

  private <T> T exchange(String what, Rpc<T> rpc) throws CoreException {
    try {
      return rpc.run();
    } catch (CoreException e) {
      throw e;
    } catch (IOException | ClientConnectionException e) {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "cannot " + what + ": the EVM node does not answer: " + e.getMessage()).build(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "interrupted while trying to " + what).build(e);
    } catch (Exception e) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "cannot " + what + ": " + e.getMessage()).build(e);
    }
  }

  private static boolean isZero(String address) {
    return new BigInteger(address.substring(2), 16).signum() == 0;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
