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
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A step-proof verifier, the proof system over it that {@code RunAnchor} calls ({@code IStepProofs}:
 * {@code ZkapStepProofs} for the STARK, {@code EzklStepProofs} for EZKL) and the RunAnchor, deployed
 * together: what an EVM anchor writes to. A STARK verifier is either a committed one (its bytecode in this
 * module's resources) or generated for a rule and compiled with the solc of {@code contracts/node_modules};
 * an EZKL verifier is the one EZKL renders for a key folder.
 *
 * @param stepVerifier the verifier's address (the generated STARK verifier, or EZKL's Halo2Verifier)
 * @param verifier the address RunAnchor calls (its {@code verifier()}, a receipt's {@code ref.verifier})
 * @param runAnchor the RunAnchor's address
 * @param block the block of the RunAnchor's deployment: its events start there
 */
public record RunAnchorDeployment(String stepVerifier, String verifier, String runAnchor, long block) {
  /** Creation transactions of the verifier are large (≈ 17 KB of runtime code): under the 2^24 cap. */
  private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(15_000_000);

  /** Deploys the STARK verifier given by its creation bytecode, then ZkapStepProofs over it and a RunAnchor calling that. */
  public static RunAnchorDeployment deploy(Web3j web3, Credentials from, long chainId, String verifierBytecodeHex) throws IOException {
    String verifier = Deployer.deploy(web3, from, chainId, verifierBytecodeHex, DEPLOY_GAS).getContractAddress();
    return over(web3, from, chainId, verifier, "ZkapStepProofs", List.of(new Address(verifier)));
  }

  /**
   * Deploys EZKL's Halo2 verifier given by its creation bytecode, then EzklStepProofs over it for a circuit
   * of {@code optimizerCode} (the statement's optimizer byte: 1 SGD, 2 Adam) at {@code scale}, and a RunAnchor
   * calling that.
   */
  public static RunAnchorDeployment deployEzkl(Web3j web3, Credentials from, long chainId, String halo2BytecodeHex, int optimizerCode,
      int scale) throws IOException {
    String verifier = Deployer.deploy(web3, from, chainId, halo2BytecodeHex, DEPLOY_GAS).getContractAddress();
    return over(web3, from, chainId, verifier, "EzklStepProofs",
        List.of(new Address(verifier), new Uint8(optimizerCode), new Uint8(scale)));
  }

  private static RunAnchorDeployment over(Web3j web3, Credentials from, long chainId, String stepVerifier, String proofSystem,
      List<Type> constructorArgs) throws IOException {
    String proofs = Deployer.deploy(web3, from, chainId, committed(proofSystem) + FunctionEncoder.encodeConstructor(constructorArgs), DEPLOY_GAS)
        .getContractAddress();
    String runAnchorArgs = FunctionEncoder.encodeConstructor(List.of(new Address(proofs)));
    TransactionReceipt r = Deployer.deploy(web3, from, chainId, RunAnchor.BINARY.replaceFirst("^0x", "") + runAnchorArgs, DEPLOY_GAS);
    return new RunAnchorDeployment(lower(stepVerifier), lower(proofs), lower(r.getContractAddress()), r.getBlockNumber().longValueExact());
  }

  private static String lower(String address) {
    return address.toLowerCase(java.util.Locale.ROOT);
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
