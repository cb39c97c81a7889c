package dev.zkautograd.contracts;

import dev.zkautograd.contracts.evm.EvmVerifierGenerator;
import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.contracts.web3j.RunAnchor;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A step-proof verifier and the {@code RunAnchor} that calls it, deployed together: what an EVM anchor
 * writes to. The verifier is either a committed one (its bytecode in this module's resources) or
 * generated for a rule and compiled with the solc of {@code contracts/node_modules}.
 *
 * @param verifier the verifier's address
 * @param runAnchor the RunAnchor's address
 * @param block the block of the RunAnchor's deployment: its events start there
 */
public record RunAnchorDeployment(String verifier, String runAnchor, long block) {
  /** Creation transactions of the verifier are large (≈ 17 KB of runtime code): under the 2^24 cap. */
  private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(15_000_000);

  /** Deploys the verifier given by its creation bytecode, then a RunAnchor calling it. */
  public static RunAnchorDeployment deploy(Web3j web3, Credentials from, long chainId, String verifierBytecodeHex) throws IOException {
    String verifier = Deployer.deploy(web3, from, chainId, verifierBytecodeHex, DEPLOY_GAS).getContractAddress();
    String constructorArgs = FunctionEncoder.encodeConstructor(java.util.List.of(new Address(verifier)));
    TransactionReceipt r = Deployer.deploy(web3, from, chainId, RunAnchor.BINARY.replaceFirst("^0x", "") + constructorArgs, DEPLOY_GAS);
    return new RunAnchorDeployment(verifier.toLowerCase(java.util.Locale.ROOT), r.getContractAddress().toLowerCase(java.util.Locale.ROOT),
        r.getBlockNumber().longValueExact());
  }

  /**
   * The creation bytecode of a verifier for {@code params}: the committed one when {@code params} are those
   * it was generated for, otherwise generated now and compiled with the checkout's solc (seconds).
   *
   * @param home the checkout (for {@code contracts/node_modules})
   * @param work a folder for the generated source and the compiler's output
   * @throws IllegalArgumentException when the generator refuses the rule or parameters (see its message)
   */
  public static String verifierBytecode(EvmVerifierParams params, Path home, Path work) throws CoreException, IOException {
    EvmVerifierGenerator.Generated g = EvmVerifierGenerator.generate(params, VerificationPolicy.DEFAULT);
    String committed = committed(g.contractName());
    Path generatedFile = home.resolve("contracts").resolve("generated").resolve(g.contractName() + ".sol");
    if (committed != null && Files.isRegularFile(generatedFile) && Files.readString(generatedFile).equals(g.source())) {
      return committed;
    }
    Path src = Files.createDirectories(work.resolve("src"));
    Files.writeString(src.resolve(g.contractName() + ".sol"), g.source());
    return new SolidityCompiler(home).compile(src, work.resolve("out"), g.contractName()).bytecode();
  }

  /** The committed creation bytecode of contract {@code name}, or null. */
  public static String committed(String name) throws IOException {
    try (InputStream in = RunAnchorDeployment.class.getResourceAsStream(name + ".bin")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }
}
