package dev.zkautograd.contracts;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorResolver;
import org.web3j.protocol.Web3j;

/**
 * Finds the {@code RunAnchor} an evm receipt names (chain id, contract, first block: its {@code ref}),
 * read over the JSON-RPC endpoint an auditor gives: a receipt names a chain, not a node, so without an
 * endpoint an evm receipt is "not reachable", never a pass. Other kinds resolve to null. Closes its client.
 */
public final class EvmAnchorResolver implements AnchorResolver, AutoCloseable {
  private final String rpcUrl;
  private final String pinnedContract;
  private Web3j web3;

  /** @param rpcUrl the chain's JSON-RPC endpoint, or null when none was given */
  public EvmAnchorResolver(String rpcUrl) {
    this(rpcUrl, null);
  }

  /**
   * @param rpcUrl the chain's JSON-RPC endpoint, or null when none was given
   * @param pinnedContract the RunAnchor the auditor trusts (0x and 40 hex digits), or null to ask the one the receipt names
   */
  public EvmAnchorResolver(String rpcUrl, String pinnedContract) {
    if (pinnedContract != null && !pinnedContract.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not a contract address (0x and 40 hex digits): " + pinnedContract);
    }
    this.rpcUrl = rpcUrl;
    this.pinnedContract = pinnedContract == null ? null : pinnedContract.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Anchor resolve(AnchorReceipt receipt) throws CoreException {
    if (!receipt.kind().equals(EvmAnchor.KIND)) return null;
    EvmAnchor.Ref ref = EvmAnchor.Ref.read(receipt.ref());
    if (pinnedContract != null && !pinnedContract.equals(ref.contract())) {
      // Anyone can deploy a RunAnchor over a verifier that accepts anything: a receipt of another contract proves nothing.
      throw CoreException.of(Reason.ANCHOR_REJECTED, "mismatch: the receipt names another RunAnchor than the one pinned")
          .field("ref.contract").expected(pinnedContract).actual(ref.contract()).build();
    }
    if (rpcUrl == null) {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE,
          "an evm receipt names a chain, not a node: give a JSON-RPC endpoint of chain " + ref.chainId()
              + " with --evm-rpc URL").build();
    }
    synchronized (this) {
      if (web3 == null) web3 = LocalEvmNode.client(rpcUrl);
    }
    return EvmAnchor.forReceipt(receipt, web3);
  }

  @Override
  public synchronized void close() {
    if (web3 != null) web3.shutdown();
    web3 = null;
  }
}
