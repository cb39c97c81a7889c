package dev.zkautograd.contracts;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A Hardhat node ({@code contracts/node_modules}, installed by {@code scripts/setup/40-npm-contracts.sh})
 * on 127.0.0.1: a real EVM with JSON-RPC, chain id {@value #CHAIN_ID}, one block per transaction. It
 * stands in for an EVM chain in the tests and in {@code demo --anchor evm}; it has no consensus and no
 * finality, and its accounts are Hardhat's public development keys.
 */
public final class LocalEvmNode implements AutoCloseable {
  public static final long CHAIN_ID = 31337;

  /** Hardhat's development accounts #0 and #1, derived from its public test mnemonic: never keys of value. */
  private static final List<String> DEV_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

  private final LocalService service;

  private LocalEvmNode(LocalService service) {
    this.service = service;
  }

  /** Starts the node from {@code home}/contracts. */
  public static LocalEvmNode start(Path home) throws CoreException {
    Path contracts = home.resolve("contracts");
    Path cli = contracts.resolve("node_modules").resolve("hardhat").resolve("internal").resolve("cli").resolve("cli.js");
    if (!cli.toFile().isFile()) {
      throw CoreException.of(CoreException.Reason.IO, "Hardhat is not installed: no " + cli
          + " (install it with: bash -c 'source scripts/setup/40-npm-contracts.sh' in " + home + ")").build();
    }
    return new LocalEvmNode(LocalService.start("hardhat node",
        List.of("node", cli.toString(), "node", "--hostname", "127.0.0.1", "--port", "{port}"), contracts,
        "bash -c 'source scripts/setup/40-npm-contracts.sh' in " + home, Duration.ofSeconds(90)));
  }

  /** The JSON-RPC endpoint. */
  public String rpcUrl() {
    return service.url();
  }

  public Web3j client() {
    return client(rpcUrl());
  }

  /**
   * A JSON-RPC client of {@code url} that waits long enough for a node to execute a STARK
   * verification (a Hardhat node's JavaScript EVM takes tens of seconds for one).
   */
  public static Web3j client(String url) {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5)).build();
    return Web3j.build(new HttpService(url, http));
  }

  /** Development account {@code i} (0 or 1). */
  public static Credentials devAccount(int i) {
    return Credentials.create(DEV_KEYS.get(i));
  }

  @Override
  public void close() {
    service.close();
  }
}
