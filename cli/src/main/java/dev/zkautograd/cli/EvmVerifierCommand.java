package dev.zkautograd.cli;

import dev.zkautograd.contracts.evm.EvmVerifierGenerator;
import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.contracts.evm.GasEstimate;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Generates the on-chain verifier contract of step proofs for a rule, chunk shape and parameter set
 * (docs/evm-verifier.md) and prints what a call costs, estimated without a node.
 */
@Command(
    name = "evm-verifier",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the Solidity verifier of STARK step proofs for the rule, chunking and proof parameters",
      "of --params (zk-autograd/evm-verifier-params/v1, docs/evm-verifier.md) into --out, and print its",
      "proven bits and the gas of one verifyStep call, estimated without a node."
    })
final class EvmVerifierCommand implements Callable<Integer> {
  /** The per-transaction gas cap of current Ethereum (EIP-7825). */
  static final long TRANSACTION_GAS_CAP = 1L << 24;

  @Spec CommandSpec spec;

  @Option(names = "--params", required = true, paramLabel = "FILE", description = "The parameters file (zk-autograd/evm-verifier-params/v1).")
  Path params;

  @Option(names = "--out", defaultValue = "contracts/generated", paramLabel = "DIR", description = "Folder for <Contract>.sol (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--min-bits", defaultValue = "100", description = "Refuse parameters that prove fewer bits (default: ${DEFAULT-VALUE}).")
  double minBits;

  @Override
  public Integer call() throws CoreException, IOException {
    PrintWriter o = spec.commandLine().getOut();
    EvmVerifierParams p = EvmVerifierParams.read(params);
    EvmVerifierGenerator.Generated g;
    try {
      g = EvmVerifierGenerator.generate(p, new VerificationPolicy(minBits));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), params + ": " + e.getMessage());
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
    return 0;
  }
}
