package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.trainer.ProvenTraining;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.trainer.data.CsvExamples;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import dev.zkautograd.zk.ProverUnavailableException;
import dev.zkautograd.zk.VerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job: fine-tunes a model with DJL and a proof per step (by default the shipped base MLP on
 * generated data; {@code --model} and {@code --data} for your own, docs/trainer.md), writes the run
 * directory, anchors its root, and verifies the run in full. {@code --params N} trains a generated
 * linear-regression task of N parameters instead: the size EZKL's circuits and the on-chain verifier
 * are made for.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune a model with DJL and a zero-knowledge proof of every optimizer step, write the",
      "run under --out, anchor its root and verify the whole run. By default: the shipped base MLP",
      "(64-256-128-10, 50,826 parameters) on a generated data set; --model and --data for your own."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "artifacts", description = "Folder that receives run-YYYYMMDD-HHMMSS/ (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--site", paramLabel = "DIR", description = "Where the audit site of every run in --out is rendered once the run "
      + "verified (default: <out>/site; zk-autograd site with --base-url renders it for publishing).")
  Path site;

  @Option(names = "--no-site", description = "Do not render the audit site.")
  boolean noSite;

  @Option(names = "--steps", defaultValue = "20", description = "Optimizer steps to train and prove (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--model", paramLabel = "FILE", description = "Base model to fine-tune, a zk-autograd/mlp/v1 file (docs/trainer.md); default: the shipped 64-256-128-10 MLP.")
  Path model;

  @Option(names = "--data", paramLabel = "CSV", description = "Examples to fine-tune on: CSV lines of features..., label (docs/trainer.md); default: generated from --seed.")
  Path data;

  @Option(names = "--batch", description = "Examples per step (default: 256, or all training examples if fewer).")
  Integer batch;

  @Option(names = "--params", paramLabel = "N", description = "Instead of the MLP, a generated linear-regression task of N parameters: "
      + "the size EZKL's circuits (the default with --backend ezkl) and the on-chain verifier (--anchor evm) are made for.")
  Integer params;

  @Option(names = "--chunks", defaultValue = "1", description = "Chunks per step, each its own proof and state chain (default: ${DEFAULT-VALUE}: the embedded model proves fastest as one 2^16-row trace).")
  int chunks;

  @Mixin RuleOptions ruleOptions;

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

  @Option(names = "--seed", defaultValue = "7", description = "Data seed: the generated examples, the held-out split and every step's batch (default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run (the demo or its prover killed): "
      + "with the run's own options, train and prove the steps its log lacks, then finish, anchor and verify it (docs/trainer.md, "
      + "\"Crashes and resume\"). Where it anchors and which prover proves come from this command line.")
  Path resume;

  @Option(names = "--proof-params", paramLabel = "FILE", description = "STARK: prove every step with exactly the proof parameters of "
      + "this file (zk-setup-zk --backend stark, docs/evm-verifier.md); a run whose rule, parameter count or chunking differs is refused.")
  Path proofParams;

  /** The fixed parameters of --proof-params, read and checked against the run's statement before anything starts. */
  private dev.zkautograd.zk.params.ParameterChoice fromFile;

  @Override
  public Integer call() throws CoreException, VerificationException, IOException, TrainerException, dev.zkautograd.ezkl.EzklException {
    PrintWriter o = spec.commandLine().getOut();
    DemoResume resumed = null;
    if (resume != null) {
      Path parent = resume.toAbsolutePath().normalize().getParent();
      if (parent == null) {
        throw new ParameterException(spec.commandLine(), "--resume: '" + resume + "' is not a run directory (artifacts/run-...)");
      }
      if (spec.commandLine().getParseResult().hasMatchedOption("--out") && !out.toAbsolutePath().normalize().equals(parent)) {
        throw new ParameterException(spec.commandLine(), "--out: the resumed run lives in " + parent + " and is continued there: leave --out out");
      }
      out = parent;
      resumed = DemoResume.open(resume, spec);
    }
    if (proverAddress != null) {
      prover = "service";
    }
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
    if (params != null && (model != null || data != null || batch != null)) {
      throw new ParameterException(spec.commandLine(), "--params trains the generated linear-regression task: it does not take "
          + "--model, --data or --batch" + (ezkl != null ? " (with --backend ezkl it is the default: EZKL proves tens of parameters)" : ""));
    }
    if (chunks < 1) {
      throw new ParameterException(spec.commandLine(), "--chunks must be at least 1, not " + chunks);
    }
    if (proofParams != null && (ezkl != null || proverAddress != null || "evm".equals(anchorKind))) {
      throw new ParameterException(spec.commandLine(), "--proof-params sets the parameters of the STARK provers the demo starts: not with "
          + "--backend ezkl, --prover-address (a running service chooses its own) or --anchor evm (it proves with the contract's set)");
    }
    // Every input is read and checked before anything is written or started.
    try (DemoTask task = task()) {
      if (chunks > task.params()) {
        throw new ParameterException(spec.commandLine(), "--chunks: must be 1 to the parameter count " + task.params());
      }
      ProofParamsFile fixed = proofParams == null ? null : ProofParamsFile.read(proofParams, rule().spec(), task.params(), chunks);
      fromFile = fixed == null ? null : fixed.choice();
      if (fixed != null) o.println(fixed.describe());
      DemoAnchor.Evm evm = "evm".equals(anchorKind) ? evmSettings(ezkl, task.params()) : null;
      // EZKL's keys are opened (made, if missing) before the anchor: an evm anchor deploys their verifier.
      try (EzklDemo.Opened ez = ezkl == null ? null : ezkl.open(rule(), o);
          DemoAnchor anchor = DemoAnchor.open(anchorKind, out, new DemoAnchor.Cloud(anchorEndpoint, anchorRegion, anchorTable,
              anchorBucket), evm == null || ez == null ? evm : evm.withKeys(ez), o)) {
        return train(o, task, anchor, ez, evm, resumed);
      }
    }
  }

  /** The task of the options: --params, or the MLP of --model (the shipped one by default) on --data (generated by default). */
  private DemoTask task() throws TrainerException, IOException {
    if (params != null) {
      if (params < 1) {
        throw new ParameterException(spec.commandLine(), "--params must be at least 1, not " + params);
      }
      return DemoTask.Linear.of(params, seed);
    }
    MlpModel base = model == null ? EmbeddedTask.baseModel() : MlpModel.read(model);
    DataSplit split = DataSplit.of(examples(base.architecture()), seed);
    int batchSize = batch != null ? batch : Math.min(256, split.train().size());
    return DemoTask.Mlp.open(base, model, split, batchSize, seed, data, data == null ? null : Files.readAllBytes(data));
  }

  /** The examples to fine-tune on: --data, or the generated set the shipped base model was made for. */
  private Examples examples(MlpArchitecture architecture) throws TrainerException {
    if (data != null) {
      return CsvExamples.read(data, architecture.features(), architecture.classes());
    }
    if (architecture.features() != EmbeddedTask.ARCHITECTURE.features()
        || architecture.classes() != EmbeddedTask.ARCHITECTURE.classes()) {
      throw new ParameterException(spec.commandLine(), "--data: the generated examples have "
          + EmbeddedTask.ARCHITECTURE.features() + " features and " + EmbeddedTask.ARCHITECTURE.classes()
          + " classes; give --data CSV for the model " + model + " (" + architecture + ")");
    }
    return EmbeddedTask.fineTuningData(seed);
  }

  /**
   * What {@code --anchor evm} needs: the verifier contract is generated for the run's rule and chunk shape, and
   * the chain verifies one chunk proof in one transaction, so the rule must be one the generator translates
   * (SGD) and the chunk small enough; refused before training otherwise, with the options that work.
   */
  private DemoAnchor.Evm evmSettings(EzklDemo ezkl, int params) {
    String works = "for example: zk-autograd demo --anchor evm --optimizer sgd --params 64 --chunks 1, or --backend ezkl "
        + "(docs/anchoring.md, \"EVM\")";
    String rpc = anchorEndpoint == null ? null : anchorEndpoint.toString();
    if (ezkl != null) {
      // EZKL's proofs have one size whatever the chunk: any rule and chunking its circuits prove fits a transaction.
      int length = (params + chunks - 1) / chunks;
      return DemoAnchor.Evm.ezkl(rpc, evmKey, dev.zkautograd.zk.StepStatement.of(rule().spec(), 0, params, 0, 0, length).ruleBytes(), chunks);
    }
    if (proverAddress != null) {
      throw new ParameterException(spec.commandLine(), "--anchor evm: the demo proves with the on-chain proof parameters, so it needs "
          + "a prover it starts (not --prover-address); " + works);
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
    return DemoAnchor.Evm.stark(rpc, evmKey, onChain);
  }

  private int train(PrintWriter o, DemoTask task, DemoAnchor anchor, EzklDemo.Opened ez, DemoAnchor.Evm evm, DemoResume resumed)
      throws CoreException, VerificationException, IOException {
    String runId = resumed != null ? resumed.spec().runId()
        : "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path runDir = resumed != null ? resumed.runDir() : out.resolve(runId);
    Path privateDir = resumed != null ? resumed.folder().dir() : out.resolve(".private").resolve(runId);

    SecureRandom random = new SecureRandom();
    SecretBytes masterSeed = resumed != null ? resumed.folder().masterSeed() : SecretBytes.random(32, random);
    ProvenRule rule = rule();
    return run(o, runId, runDir, privateDir, task, random, masterSeed, rule, ez, anchor, evm, resumed);
  }

  /** The run itself, with the STARK (ez null) or the opened EZKL backend. */
  private int run(PrintWriter o, String runId, Path runDir, Path privateDir, DemoTask task, SecureRandom random,
      SecretBytes masterSeed, ProvenRule rule, EzklDemo.Opened ez, DemoAnchor anchor, DemoAnchor.Evm evm, DemoResume resumed)
      throws CoreException, VerificationException, IOException {
    Path proverState = out.resolve(".prover");
    DemoProver where = ez != null ? null : DemoProver.open(prover, proverAddress, proverState,
        proverTrustRoot, proverPcrs, spec, chunks, fromFile != null ? fromFile : evm == null ? dev.zkautograd.zk.params.ParameterChoice.proven(
            dev.zkautograd.zk.VerificationPolicy.DEFAULT.minimumBits()) : dev.zkautograd.zk.params.ParameterChoice.fixed(DemoAnchor.ON_CHAIN_PROOF));
    Backend recorded = ez == null ? Backend.STARK : Backend.EZKL;
    dev.zkautograd.zk.proving.StepProver stepProver = ez == null ? where.prover() : ez.prover();
    ProvenTraining training = new ProvenTraining(task.source(), rule, stepProver, recorded, chunks, masterSeed);
    RunSpec runSpec = resumed != null ? resumed.spec() : new RunSpec(runId, UtcTime.of(Instant.now()), recorded,
        training.optimizerSpec(), task.params(), chunks, task.declaration(), null, ez == null ? null : ez.trustedSetup());
    dev.zkautograd.core.run.ProverDeclaration attested;
    NoteSigner signer;
    PrivateFolder folder;
    try {
      attested = where == null ? null : where.attest(runId);
      if (resumed != null) {
        resumed.check(training.optimizerSpec(), task.params(), chunks, task.declaration(), attested);
      } else if (attested != null) {
        runSpec = runSpec.withProver(attested);
      }
      signer = resumed != null ? resumed.folder().signer() : NoteSigner.generate(runSpec.origin(), random);
      folder = resumed != null ? resumed.folder() : PrivateFolder.create(privateDir, signer, masterSeed, DemoResume.recordedOptions(spec));
    } catch (CoreException | IOException | RuntimeException e) {
      if (where != null) where.close();
      throw e;
    }

    o.printf("zk-autograd demo: %s%n", task.describe());
    o.printf("%d steps of %s in %d chunk(s), %s proofs by the %s%n", steps, training.optimizerSpec().kind(), chunks,
        ez == null ? "STARK" : "EZKL", stepProver.describe());
    if (attested != null) {
      o.printf("prover attested (Nitro-format document over this run's nonce, verified): every step is signed by %s%n", attested.keyId());
    }
    task.before(o);
    o.flush();
    TrainingState state = training.initialState();
    if (resumed == null) {
      folder.writeState(PrivateFolder.BASE, state);
    }
    ProvenTraining.Summary summary;
    dev.zkautograd.core.run.RunManifest finished;
    try (where; RunWriter writer = resumed == null ? RunWriter.create(runDir, runSpec, signer) : RunWriter.resume(runDir, signer);
        ProgressBar bar = new ProgressBarBuilder().setTaskName("prove").setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
            .showSpeed().build()) {
      if (resumed != null) {
        state = resumed.state(writer, state, masterSeed);
        if (writer.nextStep() > steps) {
          throw CoreException.of(CoreException.Reason.STEP_SEQUENCE, "the run's log holds more steps than the run declares")
              .file(folder.file(PrivateFolder.OPTIONS).toString()).field("--steps").expected("at least " + writer.nextStep())
              .actual(steps).build();
        }
        long next = writer.nextStep();
        o.printf("%s; %s%n", next == 0 ? "resumed before step 0 (the log holds no step yet), from the base model"
                : String.format("resumed after step %d of %d: the saved state opens the last record's state roots", next - 1, steps),
            next == steps ? "every step is in the log: finishing the run" : String.format("steps %d to %d to go", next, steps - 1));
        o.flush();
        bar.stepTo(writer.nextStep());
      }
      try {
        summary = training.run(writer, state, Math.toIntExact(steps - writer.nextStep()), folder, r -> {
          bar.step();
          bar.setExtraMessage(String.format(" step %d loss %.4f prove %d ms", r.record().step(), r.loss(), r.proveMillis()));
        });
      } catch (ProverUnavailableException e) {
        // The step whose proofs did not come back is not in the log: the run is a verifiable prefix that --resume continues.
        spec.commandLine().getErr().printf("zk-autograd: %s%nthe run holds %s; start the prover again and continue the run: "
            + "zk-autograd demo --resume %s%n", e.getMessage(), writer.nextStep() == 0 ? "no step yet"
                : "steps 0 to " + (writer.nextStep() - 1), runDir);
        return Main.EXIT_BAD_INPUT;
      }
      finished = writer.finish(anchor.anchor());
      folder.writeState(PrivateFolder.FINAL, summary.state());
      folder.removeStepStatesAfter(-1);
      o.flush();
    }
    List<ProvenTraining.StepReport> reports = summary.steps();
    String magnet = finished.torrent() == null ? "none" : finished.torrent().magnet();
    long trainMs = summary.trainMillis();
    long proveMs = summary.proveMillis();
    if (!reports.isEmpty()) {
      o.printf("trained: batch loss %.4f -> %.4f; proving took %d ms against %d ms of training (overhead %.0fx), %d ms wall clock "
              + "with proving overlapping training%n", reports.get(0).loss(), reports.get(reports.size() - 1).loss(), proveMs, trainMs,
          trainMs == 0 ? 0.0 : (double) proveMs / trainMs, summary.wallMillis());
    }
    task.after(o, summary.state().weights());
    o.printf("run written to %s%n", runDir);
    o.printf("root anchored in %s%n", anchor.where());
    o.printf("private keys and model states (never publish) in %s%n", privateDir);
    o.printf("torrent of the run's files (its info-hash is in the signed manifest): %s%n", magnet);
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
    if (verified != 0) {
      return Main.EXIT_CHECK_FAILED;
    }
    if (noSite) {
      return 0;
    }
    // The site of a verified run only: it is what an auditor is sent to. The site command prints where it is and how to preview it.
    o.println();
    o.flush();
    Path siteDir = site != null ? site : out.resolve("site");
    return spec.root().commandLine().execute("site", "--runs", out.toString(), "--out", siteDir.toString());
  }

  private ProvenRule rule() {
    return ruleOptions.rule(params != null, spec);
  }
}
