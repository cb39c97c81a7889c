package dev.zkautograd.cli;

import dev.zkautograd.anchor.CloudEndpoint;
import dev.zkautograd.anchor.DynamoDbAnchor;
import dev.zkautograd.anchor.LocalAwsServer;
import dev.zkautograd.anchor.ObjectStoreAnchor;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.contracts.EvmAnchor;
import dev.zkautograd.contracts.LocalEvmNode;
import dev.zkautograd.contracts.RunAnchorDeployment;
import dev.zkautograd.contracts.SolidityCompiler;
import dev.zkautograd.ezkl.EvmVerifier;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.params.ProofParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The anchor {@code demo --anchor KIND} writes the run's root to, with whatever it had to start for
 * it (a local stand-in server when no endpoint is given), and the options {@code verify} then needs
 * to re-check the receipt. Closing it stops what it started.
 */
final class DemoAnchor implements AutoCloseable {
  /** The kinds {@code --anchor} takes. */
  static final List<String> KINDS = List.of("file", "dynamodb", "s3", "evm");

  /**
   * The proof parameters of runs anchored on chain: those of the committed golden verifier (blow-up 16,
   * 110 queries, 20 grinding bits, fold by 4; 104.7 proven bits for SGD chunks of 64), whose verification
   * fits one transaction (docs/anchoring.md, "What goes on chain and why").
   */
  static final ProofParameters ON_CHAIN_PROOF = ProofParameters.builder().blowupLog2(4).queries(110).grindingBits(20).foldingLog2(2).build();

  private final Anchor anchor;
  private final List<String> verifyArgs;
  private final List<AutoCloseable> owned;
  private final String where;

  private DemoAnchor(Anchor anchor, List<String> verifyArgs, List<AutoCloseable> owned, String where) {
    this.anchor = anchor;
    this.verifyArgs = verifyArgs;
    this.owned = owned;
    this.where = where;
  }

  /** Settings of the cloud anchors. */
  record Cloud(URI endpoint, String region, String table, String bucket) {}

  /**
   * Settings of the evm anchor.
   *
   * @param rpc a chain's JSON-RPC endpoint, or null to start a local Hardhat node
   * @param key the prover's (and deployer's) private key file on that chain, hex; required with rpc
   * @param onChain the rule, chunking and proof parameters the STARK verifier contract is generated for; null for EZKL
   * @param rule the rule runs are registered with ({@code StepStatement.ruleBytes()})
   * @param chunks the chunk count runs are registered with
   * @param ezkl the opened EZKL backend whose key folder's verifier is deployed; null for the STARK
   */
  record Evm(String rpc, Path key, EvmVerifierParams onChain, byte[] rule, int chunks, EzklDemo.Opened ezkl) {
    /** For STARK runs: the verifier generated for {@code onChain}. */
    static Evm stark(String rpc, Path key, EvmVerifierParams onChain) {
      return new Evm(rpc, key, onChain, onChain.rule(), onChain.chunks(), null);
    }

    /** For EZKL runs: EZKL's verifier of the key folder that {@link #withKeys} supplies once the keys are open. */
    static Evm ezkl(String rpc, Path key, byte[] rule, int chunks) {
      return new Evm(rpc, key, null, rule, chunks, null);
    }

    Evm withKeys(EzklDemo.Opened opened) {
      return new Evm(rpc, key, onChain, rule, chunks, opened);
    }
  }

  static DemoAnchor open(String kind, Path out, Cloud cloud, Evm evm, PrintWriter o) throws CoreException, IOException {
    Path anchorDir = out.resolve(".anchors");
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      switch (kind) {
        case "file":
          return new DemoAnchor(new FileCounterAnchor(anchorDir), List.of("--anchor-dir", anchorDir.toString()), owned,
              "the local file counter in " + anchorDir);
        case "dynamodb":
        case "s3": {
          CloudEndpoint endpoint;
          AwsCredentialsProvider credentials;
          if (cloud.endpoint() == null && cloud.region() == null) {
            o.println("anchor: no --anchor-endpoint or --anchor-region given: starting moto's server on 127.0.0.1 as a local stand-in for "
                + ("dynamodb".equals(kind) ? "AWS DynamoDB" : "OCI Object Storage's S3 Compatibility API"));
            LocalAwsServer server = LocalAwsServer.start(LocalService.home());
            owned.add(server);
            endpoint = server.endpoint();
            credentials = LocalAwsServer.credentials();
            standInCredentialsForVerify(owned);
          } else {
            endpoint = new CloudEndpoint(cloud.region() == null ? LocalAwsServer.REGION : cloud.region(), cloud.endpoint());
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            owned.add(chain);
            credentials = chain;
          }
          o.flush();
          if ("dynamodb".equals(kind)) {
            var client = DynamoDbAnchor.client(endpoint, credentials);
            owned.add(client);
            DynamoDbAnchor a = new DynamoDbAnchor(client, endpoint, cloud.table(), Clock.systemUTC());
            a.createTable();
            return new DemoAnchor(a, List.of(), owned, "DynamoDB table " + cloud.table() + " (" + endpoint + ")");
          }
          var client = ObjectStoreAnchor.client(endpoint, credentials);
          owned.add(client);
          ObjectStoreAnchor a = new ObjectStoreAnchor(client, endpoint, cloud.bucket(), "runs/", Clock.systemUTC());
          a.createBucket();
          return new DemoAnchor(a, List.of(), owned, "bucket " + cloud.bucket() + " (" + endpoint + ")");
        }
        case "evm":
          return evm(out, evm, owned, o);
        default:
          throw new IllegalArgumentException("anchor kind " + kind);
      }
    } catch (CoreException | IOException | RuntimeException e) {
      closeAll(owned);
      throw e;
    }
  }

  /**
   * Deploys a verifier generated for the run's rule and a RunAnchor calling it (on a Hardhat node the demo
   * starts when no endpoint is given), and returns the anchor that registers, commits and proves through them.
   */
  private static DemoAnchor evm(Path out, Evm evm, List<AutoCloseable> owned, PrintWriter o) throws CoreException, IOException {
    String rpc = evm.rpc();
    Credentials deployer;
    Credentials prover;
    if (rpc == null) {
      o.println("anchor: no --anchor-endpoint given: starting a Hardhat node on 127.0.0.1 as a local stand-in for an EVM chain "
          + "(its development accounts deploy and prove)");
      o.flush();
      LocalEvmNode node = LocalEvmNode.start(LocalService.home());
      owned.add(node);
      rpc = node.rpcUrl();
      deployer = LocalEvmNode.devAccount(0);
      prover = LocalEvmNode.devAccount(1);
    } else {
      deployer = prover = readKey(evm.key());
    }
    Web3j web3 = LocalEvmNode.client(rpc);
    owned.add(web3::shutdown);
    long chainId;
    try {
      chainId = web3.ethChainId().send().getChainId().longValueExact();
    } catch (IOException e) {
      throw CoreException.of(CoreException.Reason.ANCHOR_UNREACHABLE, "the EVM node at " + rpc + " does not answer: " + e.getMessage()).build(e);
    }
    RunAnchorDeployment d = evm.ezkl() == null ? deployStark(web3, deployer, chainId, evm.onChain(), out, o)
        : deployEzkl(web3, deployer, chainId, evm.ezkl(), out, o);
    EvmAnchor a = EvmAnchor.writer(web3, chainId, d.runAnchor(), d.block(), prover, evm.rule(), evm.chunks(),
        id -> new DirectoryRunFiles(out.resolve(id)));
    return new DemoAnchor(a, List.of("--evm-rpc", rpc), owned, "RunAnchor " + d.runAnchor() + " (verifier " + d.verifier() + " over step verifier "
        + d.stepVerifier() + ") on chain " + chainId + " at " + rpc);
  }

  private static RunAnchorDeployment deployStark(Web3j web3, Credentials deployer, long chainId, EvmVerifierParams onChain, Path out,
      PrintWriter o) throws CoreException, IOException {
    o.println("anchor: generating and deploying the step-proof verifier for " + onChain.optimizer().kind() + ", "
        + onChain.parameters() + " parameters in " + onChain.chunks() + " chunk(s), ZkapStepProofs and RunAnchor (chain " + chainId + ")");
    o.flush();
    String bytecode = RunAnchorDeployment.verifierBytecode(onChain, LocalService.home(), Files.createDirectories(out.resolve(".evm")));
    return RunAnchorDeployment.deploy(web3, deployer, chainId, bytecode);
  }

  /** EZKL's Halo2 verifier of the opened key folder (rendered by the worker, compiled by solc from npm), EzklStepProofs and RunAnchor. */
  private static RunAnchorDeployment deployEzkl(Web3j web3, Credentials deployer, long chainId, EzklDemo.Opened ezkl, Path out,
      PrintWriter o) throws CoreException, IOException {
    KeyDirectory keys = ezkl.backend().keys();
    o.println("anchor: rendering EZKL's verifier of " + keys.dir() + " and deploying it, EzklStepProofs and RunAnchor (chain " + chainId + ")");
    if (keys.developmentSrs()) {
      o.println("anchor: warning: the key folder's SRS is a development SRS: whoever knows its randomness can make proofs this verifier "
          + "accepts; make the keys with --srs (a ceremony SRS) before anchoring on a chain anyone relies on");
    }
    o.flush();
    Path work = Files.createDirectories(out.resolve(".evm").resolve("ezkl"));
    Path src = work.resolve("src");
    try {
      EvmVerifier.Written w = EvmVerifier.write(keys, src, null, ezkl.backend().worker());
      Files.deleteIfExists(w.abi());
    } catch (EzklException e) {
      throw CoreException.of(CoreException.Reason.ANCHOR_REJECTED, "cannot render EZKL's verifier of " + keys.dir() + ": " + e.getMessage())
          .build(e);
    }
    String bytecode = new SolidityCompiler(LocalService.home()).compile(src, work.resolve("out"), "Halo2Verifier").bytecode();
    return RunAnchorDeployment.deployEzkl(web3, deployer, chainId, bytecode, keys.circuit().optimizer().code(), keys.scale());
  }

  /** A private key file: 64 hex digits, optionally 0x-prefixed, nothing else but white space. */
  private static Credentials readKey(Path file) throws CoreException {
    if (file == null) {
      throw CoreException.of(CoreException.Reason.MISSING_FIELD, "--anchor evm with --anchor-endpoint needs --evm-key FILE: the prover's key on that chain").build();
    }
    SecretBytes key;
    try {
      String hex = Files.readString(file).strip();
      if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw CoreException.of(CoreException.Reason.BAD_FIELD, "not a private key: 64 hex digits expected").file(file.toString()).build();
      }
      key = SecretBytes.copyFrom(java.util.HexFormat.of().parseHex(hex.replaceFirst("^0x", "")), InsecureSecretAccess.get());
    } catch (IOException e) {
      throw CoreException.of(CoreException.Reason.IO, "cannot read the key: " + e.getMessage()).file(file.toString()).build(e);
    }
    return Credentials.create(org.web3j.crypto.ECKeyPair.create(key.toByteArray(InsecureSecretAccess.get())));
  }

  /**
   * The stand-in accepts any credentials, but verify asks through the standard AWS chain like any
   * auditor; give that chain the stand-in's while the demo runs, unless the environment has some.
   */
  private static void standInCredentialsForVerify(List<AutoCloseable> owned) {
    if (System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null) return;
    System.setProperty("aws.accessKeyId", "local-stand-in");
    System.setProperty("aws.secretAccessKey", "local-stand-in-secret");
    owned.add(() -> {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    });
  }

  Anchor anchor() {
    return anchor;
  }

  /** What verify needs beyond the run to re-check this anchor's receipt. */
  List<String> verifyArgs() {
    return verifyArgs;
  }

  String where() {
    return where;
  }

  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // Stopping a stand-in or a client loses nothing: the receipt is already in anchors.json.
      }
    }
    owned.clear();
  }
}
