package dev.zkautograd.cli;

import dev.zkautograd.contracts.evm.EvmVerifierGenerator;
import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.contracts.evm.GasEstimate;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.ezkl.EvmVerifier;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One command for both backends' on-chain verifiers: {@code --params FILE} generates the verifier contract of
 * STARK step proofs for a rule, chunk shape and parameter set (docs/evm-verifier.md) and prints what a call
 * costs, estimated without a node; {@code --key-dir DIR} writes EZKL's Solidity verifier for a key folder and,
 * with {@code --proof}, a proof's calldata (docs/ezkl-backend.md).
 */
@Command(
    name = "evm-verifier",
    aliases = "zk-generate-evm-verifier",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write an on-chain verifier contract into --out. With --params FILE (zk-autograd/evm-verifier-params/v1,",
      "docs/evm-verifier.md): the Solidity verifier of STARK step proofs for that rule, chunking and proof parameters,",
      "with its proven bits and the gas of one verifyStep call, estimated without a node. With --key-dir DIR: EZKL's",
      "Solidity verifier for the keys of zk-setup-zk (EzklVerifier.sol and its ABI), and with --proof that proof's calldata."
    })
final class EvmVerifierCommand implements Callable<Integer> {
  /** The per-transaction gas cap of current Ethereum (EIP-7825). */
  static final long TRANSACTION_GAS_CAP = 1L << 24;

  @Spec CommandSpec spec;

  /** Which verifier: exactly one of the two. */
  static final class Source {
    @Option(names = "--params", required = true, paramLabel = "FILE", description = "STARK: the parameters file (zk-autograd/evm-verifier-params/v1).")
    Path params;

    @Option(names = "--key-dir", required = true, paramLabel = "DIR", description = "EZKL: the key folder of zk-setup-zk (for example prover/keys).")
    Path keyDir;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--out", defaultValue = "contracts/generated", paramLabel = "DIR", description = "Folder to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--min-bits", defaultValue = "100", description = "STARK: refuse parameters that prove fewer bits (default: ${DEFAULT-VALUE}).")
  double minBits;

  @Option(names = "--proof", paramLabel = "FILE", description = "EZKL: a proof of these keys whose calldata to write.")
  Path proof;

  @Option(names = "--aggregated", description = "EZKL: a verifier of an aggregated proof: not available with EZKL 23.0.5 (refused).")
  boolean aggregated;

  @Override
  public Integer call() throws CoreException, EzklException, IOException {
    return source.params != null ? stark() : ezkl();
  }

  private int stark() throws CoreException, IOException {
    if (proof != null || aggregated) {
      throw new ParameterException(spec.commandLine(), "--proof and --aggregated belong to EZKL's verifier (--key-dir), not to --params");
    }
    PrintWriter o = spec.commandLine().getOut();
    EvmVerifierParams p = EvmVerifierParams.read(source.params);
    EvmVerifierGenerator.Generated g;
    try {
      g = EvmVerifierGenerator.generate(p, new VerificationPolicy(minBits));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), source.params + ": " + e.getMessage());
    }
    Files.createDirectories(out);
    Path file = out.resolve(g.contractName() + ".sol");
    Files.writeString(file, g.source());
    GasEstimate gas = g.gas();
    o.printf("wrote %s: %s, %.2f proven bits (policy %.0f)%n", file, g.contractName(), g.provenBits(), minBits);
    o.printf("compile: node contracts/compile.mjs --src %s (solc 0.8.37 from npm; it imports contracts/src/main/solidity/IStepProofVerifier.sol)%n",
        out.toAbsolutePath());
    o.printf("estimated per verifyStep call, without a node: proof %,d bytes; calldata floor (EIP-7623) %,d gas; standard price %,d gas "
        + "(execution %,d); the transaction pays %,d gas%n", gas.proofBytes(), gas.calldataFloorGas(), gas.standardGas(), gas.executionGas(),
        gas.transactionGas());
    if (gas.transactionGas() > TRANSACTION_GAS_CAP * 9 / 10) {
      o.printf("warning: that is %s the per-transaction cap of 2^24 = %,d gas (EIP-7825): use smaller chunks or fewer queries "
          + "(docs/anchoring.md, \"What goes on chain\")%n", gas.transactionGas() > TRANSACTION_GAS_CAP ? "over" : "within 10% of",
          TRANSACTION_GAS_CAP);
    }
    o.flush();
    return 0;
  }

  private int ezkl() throws EzklException {
    if (aggregated) {
      throw new ParameterException(spec.commandLine(), "--aggregated: EZKL 23.0.5 has no proof aggregation (its bindings have no "
          + "aggregate or setup_aggregate), so there is no aggregated proof to verify on chain; see docs/ezkl-backend.md");
    }
    KeyDirectory keys = KeyDirectory.read(source.keyDir).checked(KeyDirectory.Use.VERIFY);
    PrintWriter o = spec.commandLine().getOut();
    try (EzklWorker worker = EzklWorker.start(WorkerLaunch.locate())) {
      EvmVerifier.Written w = EvmVerifier.write(keys, out, proof, worker);
      o.printf("wrote %s (%d bytes) and %s%n", w.solidity(), w.solidityBytes(), w.abi());
      if (w.calldata() != null) {
        o.printf("wrote %s (%d bytes of calldata for %s)%n", w.calldata(), w.calldataBytes(), proof);
      }
    }
    if (keys.developmentSrs()) {
      o.println("warning: the keys rest on a development SRS: a verifier contract for them accepts proofs whoever made the SRS forges");
    }
    o.flush();
    return 0;
  }
}
