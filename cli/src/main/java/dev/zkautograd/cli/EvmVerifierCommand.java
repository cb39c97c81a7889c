package dev.zkautograd.cli;

import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EvmVerifier;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zk-generate-evm-verifier}: EZKL's Solidity verifier for a key folder, and a proof's calldata. */
@Command(
    name = "evm-verifier",
    aliases = "zk-generate-evm-verifier",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write EZKL's Solidity verifier for the keys in --key-dir (ezkl.create_evm_verifier) as EzklVerifier.sol with its ABI",
      "under --out; with --proof, also that proof's calldata (calldata.bin). Compile and deploy it with the contracts module."
    })
final class EvmVerifierCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--key-dir", defaultValue = "prover/keys", description = "Key folder of zk-setup-zk (default: ${DEFAULT-VALUE}).")
  Path keyDir;

  @Option(names = "--out", defaultValue = "contracts/generated", description = "Folder to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--proof", paramLabel = "FILE", description = "An EZKL proof of these keys whose calldata to write.")
  Path proof;

  @Option(names = "--aggregated", description = "A verifier of an aggregated proof: not available with EZKL 23.0.5 (refused).")
  boolean aggregated;

  @Override
  public Integer call() throws EzklException {
    if (aggregated) {
      throw new ParameterException(spec.commandLine(), "--aggregated: EZKL 23.0.5 has no proof aggregation (its bindings have no "
          + "aggregate or setup_aggregate), so there is no aggregated proof to verify on chain; see docs/ezkl-backend.md");
    }
    KeyDirectory keys = KeyDirectory.read(keyDir).checked(KeyDirectory.Use.VERIFY);
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
