package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.LinearRegressionTask;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.trainer.ProvenTraining;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.zk.VerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job: trains the embedded default task with a proof per step, writes the run directory,
 * anchors its root, and verifies the run in full.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train the embedded default task with a zero-knowledge proof of every optimizer step,",
      "write the run under --out, anchor its root and verify the whole run."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "artifacts", description = "Folder that receives run-YYYYMMDD-HHMMSS/ (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--steps", defaultValue = "20", description = "Optimizer steps to train and prove (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--params", defaultValue = "4096", description = "Trained parameters of the default task (default: ${DEFAULT-VALUE}).")
  int params;

  @Option(names = "--chunks", defaultValue = "2", description = "Chunks per step, each its own proof and state chain (default: ${DEFAULT-VALUE}).")
  int chunks;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--beta1", defaultValue = "0.9", description = "Adam's β1 (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(names = "--beta2", defaultValue = "0.999", description = "Adam's β2 (default: ${DEFAULT-VALUE}).")
  double beta2;

  @Option(names = "--eps", defaultValue = "1e-8", description = "Adam's ε, at least one unit in Q32 (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--clip", defaultValue = "0.99", description = "Per-coordinate gradient clipping bound, part of the proven rule; below 1 for Adam (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--anchor", defaultValue = "file", paramLabel = "KIND",
      description = "Where the run's root is anchored: file (a local counter, the default), dynamodb, s3 (an S3-compatible object "
          + "store such as OCI Object Storage) or evm (RunAnchor on an EVM chain). Without --anchor-endpoint/--anchor-region the demo "
          + "starts a local stand-in (moto's server, a Hardhat node) and stops it at the end.")
  String anchorKind;

  @Option(names = "--anchor-endpoint", paramLabel = "URL", description = "Endpoint of the dynamodb or s3 anchor (credentials: the standard AWS chain).")
  java.net.URI anchorEndpoint;

  @Option(names = "--anchor-region", paramLabel = "REGION", description = "Region of the dynamodb or s3 anchor (with the region's default endpoint unless --anchor-endpoint).")
  String anchorRegion;

  @Option(names = "--anchor-table", defaultValue = "zk-autograd-anchors", description = "DynamoDB table of the dynamodb anchor (default: ${DEFAULT-VALUE}).")
  String anchorTable;

  @Option(names = "--anchor-bucket", defaultValue = "zk-autograd-anchors", description = "Bucket of the s3 anchor (default: ${DEFAULT-VALUE}).")
  String anchorBucket;

  @Option(names = "--evm-key", paramLabel = "FILE", description = "With --anchor evm and --anchor-endpoint: the private key (hex) "
      + "that deploys the contracts and proves on that chain. Without an endpoint the demo's Hardhat node's development accounts do.")
  Path evmKey;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated data set (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", defaultValue = "stark", description = "Proof system: stark (the default) or ezkl, the seed's "
      + "Halo2/KZG backend, proven in this process; with ezkl, --params, --chunks, --steps and --eps default to "
      + EzklDemo.PARAMS + ", " + EzklDemo.CHUNKS + " (or EZKL_CHUNKS), " + EzklDemo.STEPS + " and " + EzklDemo.EPS + ".")
  String backend;

  @Option(names = "--key-dir", defaultValue = "prover/keys", description = "EZKL keys (zk-setup-zk); made here with a "
      + "development SRS when missing (default: ${DEFAULT-VALUE}).")
  Path keyDir;

  @Option(names = "--srs", paramLabel = "FILE", description = "EZKL: a ceremony SRS for keys made by the demo.")
  Path srs;

  @Option(names = "--prover", defaultValue = "local", description = "local (in this process) or service: the prover service, "
      + "started here on 127.0.0.1 unless --prover-address names a running one (default: ${DEFAULT-VALUE}).")
  String prover;

  @Option(names = "--prover-address", paramLabel = "HOST:PORT", description = "a running prover service (zk-autograd prover-service); implies --prover service.")
  String proverAddress;

  @Option(names = "--prover-trust-root", paramLabel = "FILE", description = "attestation root of the --prover-address service (DER or PEM; default: <out>/.prover/attestation-root.der).")
  Path proverTrustRoot;

  @Option(names = "--prover-pcr", paramLabel = "INDEX=HEX", description = "PCR value the --prover-address service's attestation must carry (repeatable).")
  List<String> proverPcrs = new java.util.ArrayList<>();

  @Override
  public Integer call() throws CoreException, VerificationException, IOException, dev.zkautograd.ezkl.EzklException {
    PrintWriter o = spec.commandLine().getOut();
    EzklDemo ezkl = null;
    if ("ezkl".equals(backend)) {
      if (proverAddress != null || !"local".equals(prover)) {
        throw new ParameterException(spec.commandLine(), "--backend ezkl proves in this process: the prover service proves STARKs");
      }
      ezkl = EzklDemo.defaults(spec.commandLine().getParseResult(), this);
    } else if (!"stark".equals(backend)) {
      throw new ParameterException(spec.commandLine(), "--backend: '" + backend + "' is not stark or ezkl");
    }
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(), "--steps must be at least 1, not " + steps);
    }
    if (!DemoAnchor.KINDS.contains(anchorKind)) {
      throw new ParameterException(spec.commandLine(), "--anchor: '" + anchorKind + "' is not one of " + String.join(", ", DemoAnchor.KINDS));
    }
    DemoAnchor.Evm evm = "evm".equals(anchorKind) ? evmSettings(ezkl) : null;
    try (DemoAnchor anchor = DemoAnchor.open(anchorKind, out, new DemoAnchor.Cloud(anchorEndpoint, anchorRegion, anchorTable, anchorBucket),
        evm, o)) {
      return train(o, anchor, ezkl, evm);
    }
  }

  /**
   * What {@code --anchor evm} needs: the verifier contract is generated for the run's rule and chunk shape, and
   * the chain verifies one chunk proof in one transaction, so the rule must be one the generator translates
   * (SGD) and the chunk small enough; refused before training otherwise, with the options that work.
   */
  private DemoAnchor.Evm evmSettings(EzklDemo ezkl) {
    String works = "for example: zk-autograd demo --anchor evm --optimizer sgd --params 64 --chunks 1 (docs/anchoring.md, \"EVM\")";
    if (ezkl != null || proverAddress != null) {
      throw new ParameterException(spec.commandLine(), "--anchor evm: the demo proves with the on-chain proof parameters, so it needs "
          + "--backend stark and a prover it starts (not --prover-address); " + works);
    }
    dev.zkautograd.contracts.evm.EvmVerifierParams onChain;
    dev.zkautograd.contracts.evm.EvmVerifierGenerator.Generated g;
    try {
      onChain = new dev.zkautograd.contracts.evm.EvmVerifierParams(rule().spec(), params, chunks, DemoAnchor.ON_CHAIN_PROOF);
      g = dev.zkautograd.contracts.evm.EvmVerifierGenerator.generate(onChain, dev.zkautograd.zk.VerificationPolicy.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--anchor evm: " + e.getMessage() + "; " + works);
    }
    long gas = g.gas().transactionGas();
    if (gas > EvmVerifierCommand.TRANSACTION_GAS_CAP * 97 / 100) {
      throw new ParameterException(spec.commandLine(), String.format("--anchor evm: the proof of one %d-parameter chunk costs about %,d gas "
          + "to verify on chain (estimated), over what one transaction may use (2^24 = %,d, EIP-7825, with room for RunAnchor's checks): "
          + "use smaller chunks; %s", onChain.chunkLength(), gas, EvmVerifierCommand.TRANSACTION_GAS_CAP, works));
    }
    return new DemoAnchor.Evm(anchorEndpoint == null ? null : anchorEndpoint.toString(), evmKey, onChain);
  }

  private int train(PrintWriter o, DemoAnchor anchor, EzklDemo ezkl, DemoAnchor.Evm evm) throws CoreException, VerificationException, IOException,
      dev.zkautograd.ezkl.EzklException {
    String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path runDir = out.resolve(runId);
    Path privateDir = out.resolve(".private").resolve(runId);

    LinearRegressionTask task = LinearRegressionTask.synthetic(params, 4 * 256, 256, 0.05, seed);
    SecureRandom random = new SecureRandom();
    SecretBytes masterSeed = SecretBytes.random(32, random);
    ProvenRule rule = rule();
    try (EzklDemo.Opened ez = ezkl == null ? null : ezkl.open(rule, o)) {
      return run(o, runId, runDir, privateDir, task, random, masterSeed, rule, ez, anchor, evm);
    }
  }

  /** The run itself, with the STARK (ez null) or the opened EZKL backend. */
  private int run(PrintWriter o, String runId, Path runDir, Path privateDir, LinearRegressionTask task, SecureRandom random,
      SecretBytes masterSeed, ProvenRule rule, EzklDemo.Opened ez, DemoAnchor anchor, DemoAnchor.Evm evm) throws CoreException, VerificationException, IOException {
    Path proverState = out.resolve(".prover");
    DemoProver where = ez != null ? null : DemoProver.open(proverAddress != null ? "service" : prover, proverAddress, proverState,
        proverTrustRoot, proverPcrs, spec, chunks, evm == null ? dev.zkautograd.zk.params.ParameterChoice.proven(
            dev.zkautograd.zk.VerificationPolicy.DEFAULT.minimumBits()) : dev.zkautograd.zk.params.ParameterChoice.fixed(DemoAnchor.ON_CHAIN_PROOF));
    Backend recorded = ez == null ? Backend.STARK : Backend.EZKL;
    dev.zkautograd.zk.proving.StepProver stepProver = ez == null ? where.prover() : ez.prover();
    ProvenTraining training = new ProvenTraining(task, rule, stepProver, recorded, chunks, masterSeed);
    RunSpec runSpec = new RunSpec(runId, UtcTime.of(Instant.now()), recorded, training.optimizerSpec(), params,
        chunks, Map.of("name", "linear-regression", "task", "synthetic least squares, seed " + seed,
            "trainer", "built-in stand-in until the DJL trainer"), null, ez == null ? null : ez.trustedSetup());
    dev.zkautograd.core.run.ProverDeclaration attested = where == null ? null : where.attest(runId);
    if (attested != null) {
      runSpec = runSpec.withProver(attested);
    }
    NoteSigner signer = NoteSigner.generate(runSpec.origin(), random);
    keepPrivate(privateDir, signer, masterSeed);

    o.printf("zk-autograd demo: %d steps of %s over %d parameters in %d chunk(s), %s proofs by the %s%n", steps,
        training.optimizerSpec().kind(), params, chunks, ez == null ? "STARK" : "EZKL", stepProver.describe());
    if (attested != null) {
      o.printf("prover attested (Nitro-format document over this run's nonce, verified): every step is signed by %s%n", attested.keyId());
    }
    TrainingState state = training.initialState();
    writeState(privateDir.resolve("base.state"), state);
    ProvenTraining.Summary summary;
    dev.zkautograd.core.run.RunManifest finished;
    try (where; RunWriter writer = RunWriter.create(runDir, runSpec, signer);
        ProgressBar bar = new ProgressBarBuilder().setTaskName("prove").setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
            .showSpeed().build()) {
      summary = training.run(writer, state, steps, r -> {
        bar.step();
        bar.setExtraMessage(String.format(" step %d loss %.5f prove %d ms", r.record().step(), r.loss(), r.proveMillis()));
      });
      finished = writer.finish(anchor.anchor());
      writeState(privateDir.resolve("final.state"), summary.state());
      o.flush();
    }
    List<ProvenTraining.StepReport> reports = summary.steps();
    String magnet = finished.torrent() == null ? "none" : finished.torrent().magnet();
    long trainMs = summary.trainMillis();
    long proveMs = summary.proveMillis();
    o.printf("trained: loss %.5f -> %.5f; proving took %d ms against %d ms of training (overhead %.0fx), %d ms wall clock "
            + "with proving overlapping training%n", reports.get(0).loss(), reports.get(reports.size() - 1).loss(), proveMs, trainMs,
        trainMs == 0 ? 0.0 : (double) proveMs / trainMs, summary.wallMillis());
    o.printf("run written to %s%n", runDir);
    o.printf("root anchored in %s%n", anchor.where());
    o.printf("private keys and model states (never publish) in %s%n", privateDir);
    o.printf("torrent of the run's files (its info-hash is in the signed manifest): %s%n", magnet);
    o.printf("publish it as a site: zk-autograd site --runs %s --out build/site, preview: zk-autograd serve --site build/site --runs %s%n",
        out, out);
    if (ez == null) {
      // EZKL's state roots are digests of unsalted Poseidon hashes, not the STARK's blinded commitments: open-model is the STARK's.
      o.printf("open the trained model against the run: zk-autograd open-model --run %s --weights %s --master-seed %s%n",
          runDir, privateDir.resolve("final.state"), privateDir.resolve("blinding.seed"));
    }
    o.println();
    // The demo knows the run's key and anchor, so it pins both: nothing is taken on the run's word.
    List<String> verify = new java.util.ArrayList<>(List.of("verify", "--run", runDir.toString(), "--key", signer.verifier().encode()));
    verify.addAll(anchor.verifyArgs());
    verify.addAll(ez == null ? where.verifyOptions() : List.of("--key-dir", keyDir.toString()));
    int verified = spec.root().commandLine().execute(verify.toArray(new String[0]));
    return verified == 0 ? 0 : Main.EXIT_CHECK_FAILED;
  }

  private ProvenRule rule() {
    switch (optimizer) {
      case "adam":
        return ProvenRule.adam(AdamRule.of(lr, beta1, beta2, eps, clip));
      case "sgd":
        return ProvenRule.sgd(SgdRule.of(lr, clip));
      default:
        throw new ParameterException(spec.commandLine(), "--optimizer: '" + optimizer + "' is not adam or sgd");
    }
  }

  /** A model state file (docs/formats/model-state.md), readable by the owner only. */
  private static void writeState(Path file, TrainingState state) throws IOException {
    Files.write(file, ModelState.of(state.weights(), state.moments(), state.secondMoments()).toBytes());
    ownerOnly(file);
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions are all there is.
    }
  }

  /** The run's signing key and blinding master seed stay beside the run, readable by the owner only. */
  private static void keepPrivate(Path dir, NoteSigner signer, SecretBytes masterSeed) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.resolve("checkpoint.key");
    Path seed = dir.resolve("blinding.seed");
    Files.writeString(key, signer.encodePrivate(InsecureSecretAccess.get()) + "\n", StandardCharsets.UTF_8);
    Files.write(seed, masterSeed.toByteArray(InsecureSecretAccess.get()));
    ownerOnly(key);
    ownerOnly(seed);
  }
}
