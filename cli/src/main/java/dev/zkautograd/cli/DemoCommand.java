package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.trainer.ProvenTraining;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainingState;
import dev.zkautograd.trainer.data.CsvExamples;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.djl.DjlClassifier;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The main job: fine-tunes a model with DJL and a proof per step (by default the shipped base MLP on
 * generated data; {@code --model} and {@code --data} for your own, docs/trainer.md), writes the run
 * directory, anchors its root, and verifies the run in full.
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

  @Option(names = "--model", paramLabel = "FILE", description = "Base model to fine-tune, a zk-autograd/mlp/v1 file (docs/trainer.md); default: the shipped 64-256-128-10 MLP.")
  Path model;

  @Option(names = "--data", paramLabel = "CSV", description = "Examples to fine-tune on: CSV lines of features..., label (docs/trainer.md); default: generated from --seed.")
  Path data;

  @Option(names = "--batch", description = "Examples per step (default: 256, or all training examples if fewer).")
  Integer batch;

  @Option(names = "--steps", defaultValue = "20", description = "Optimizer steps to train and prove (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--chunks", defaultValue = "1", description = "Chunks per step, each its own proof and state chain (default: ${DEFAULT-VALUE}: the embedded model proves fastest as one 2^16-row trace).")
  int chunks;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", defaultValue = "0.002", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--beta1", defaultValue = "0.9", description = "Adam's β1 (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(names = "--beta2", defaultValue = "0.999", description = "Adam's β2 (default: ${DEFAULT-VALUE}).")
  double beta2;

  @Option(names = "--eps", defaultValue = "1e-8", description = "Adam's ε, at least one unit in Q32 (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--clip", defaultValue = "0.99", description = "Per-coordinate gradient clipping bound, part of the proven rule; below 1 for Adam (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--seed", defaultValue = "7", description = "Data seed: the generated examples, the held-out split and every step's batch (default: ${DEFAULT-VALUE}).")
  long seed;

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
  public Integer call() throws CoreException, VerificationException, IOException, TrainerException {
    PrintWriter o = spec.commandLine().getOut();
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(), "--steps must be at least 1, not " + steps);
    }
    String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path runDir = out.resolve(runId);
    Path privateDir = out.resolve(".private").resolve(runId);

    // Every input is read and checked before anything is written or started.
    MlpModel base = model == null ? EmbeddedTask.baseModel() : MlpModel.read(model);
    DataSplit split = DataSplit.of(examples(base.architecture()), seed);
    int batchSize = batch != null ? batch : Math.min(256, split.train().size());
    int params = base.architecture().parameterCount();
    if (chunks < 1 || chunks > params) {
      throw new ParameterException(spec.commandLine(), "--chunks: must be 1 to the parameter count " + params);
    }
    ProvenRule rule = rule();
    SecureRandom random = new SecureRandom();
    SecretBytes masterSeed = SecretBytes.random(32, random);
    try (DjlClassifier source = DjlClassifier.open(base, split, batchSize, seed);
        DemoProver where = DemoProver.open(proverAddress != null ? "service" : prover, proverAddress, out.resolve(".prover"),
            proverTrustRoot, proverPcrs, spec, chunks)) {
      ProvenTraining training = new ProvenTraining(source, rule, where.prover(), chunks, masterSeed);
      RunSpec runSpec = new RunSpec(runId, UtcTime.of(Instant.now()), Backend.STARK, training.optimizerSpec(), params,
          chunks, declaration(base));
      dev.zkautograd.core.run.ProverDeclaration attested = where.attest(runId);
      if (attested != null) {
        runSpec = runSpec.withProver(attested);
      }
      NoteSigner signer = NoteSigner.generate(runSpec.origin(), random);
      keepPrivate(privateDir, signer, masterSeed);

      o.printf("zk-autograd demo: fine-tuning MLP %s (%,d parameters, %s) with DJL on %,d examples (%s), batches of %d%n",
          base.architecture(), params, model == null ? "the shipped base model" : model, split.train().size(),
          data == null ? "generated, seed " + seed : data, batchSize);
      o.printf("%d steps of %s in %d chunk(s), STARK proofs by the %s%n", steps, training.optimizerSpec().kind(), chunks,
          where.prover().describe());
      if (attested != null) {
        o.printf("prover attested (Nitro-format document over this run's nonce, verified): every step is signed by %s%n", attested.keyId());
      }
      DjlClassifier.Evaluation before = source.evaluate(base.realWeights(), split.heldOut());
      o.printf("held out (%,d examples), base model: loss %.4f, accuracy %.1f%%%n", before.examples(), before.loss(),
          100 * before.accuracy());
      o.flush();
      TrainingState state = training.initialState();
      writeState(privateDir.resolve("base.state"), state);
      ProvenTraining.Summary summary;
      try (RunWriter writer = RunWriter.create(runDir, runSpec, signer);
          ProgressBar bar = new ProgressBarBuilder().setTaskName("prove").setInitialMax(steps)
              .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
              .showSpeed().build()) {
        summary = training.run(writer, state, steps, r -> {
          bar.step();
          bar.setExtraMessage(String.format(" step %d loss %.4f prove %d ms", r.record().step(), r.loss(), r.proveMillis()));
        });
        writer.finish(new FileCounterAnchor(out.resolve(".anchors")));
        writeState(privateDir.resolve("final.state"), summary.state());
        o.flush();
      }
      List<ProvenTraining.StepReport> reports = summary.steps();
      long trainMs = summary.trainMillis();
      long proveMs = summary.proveMillis();
      o.printf("trained: batch loss %.4f -> %.4f; proving took %d ms against %d ms of training (overhead %.0fx), %d ms wall "
              + "clock with proving overlapping training%n", reports.get(0).loss(), reports.get(reports.size() - 1).loss(),
          proveMs, trainMs, trainMs == 0 ? 0.0 : (double) proveMs / trainMs, summary.wallMillis());
      double[] trained = Arrays.stream(summary.state().weights()).mapToDouble(FixedPoint::decode).toArray();
      DjlClassifier.Evaluation after = source.evaluate(trained, split.heldOut());
      o.printf("held out, fine-tuned model: loss %.4f, accuracy %.1f%% (base model: %.4f, %.1f%%)%n", after.loss(),
          100 * after.accuracy(), before.loss(), 100 * before.accuracy());
      o.printf("run written to %s%n", runDir);
      o.printf("private keys and model states (never publish) in %s%n", privateDir);
      o.printf("open the trained model against the run: zk-autograd open-model --run %s --weights %s --master-seed %s%n",
          runDir, privateDir.resolve("final.state"), privateDir.resolve("blinding.seed"));
      o.println();
      // The demo knows the run's key and anchor, so it pins both: nothing is taken on the run's word.
      List<String> verify = new java.util.ArrayList<>(List.of("verify", "--run", runDir.toString(), "--key",
          signer.verifier().encode(), "--anchor-dir", out.resolve(".anchors").toString()));
      verify.addAll(where.verifyOptions());
      int verified = spec.root().commandLine().execute(verify.toArray(new String[0]));
      return verified == 0 ? 0 : Main.EXIT_CHECK_FAILED;
    }
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

  /** The run declaration's model entry: what was trained, from which base, on what. */
  private Map<String, String> declaration(MlpModel base) throws IOException {
    Map<String, String> m = new TreeMap<>();
    m.put("name", "mlp-" + base.architecture());
    m.put("base_sha256", Digest.sha256(base.toBytes()).hex());
    m.put("base", model == null ? "shipped " + EmbeddedTask.BASE_RESOURCE.substring(EmbeddedTask.BASE_RESOURCE.lastIndexOf('/') + 1)
        : model.getFileName().toString());
    m.put("data", data == null ? "generated fine-tuning set, seed " + seed
        : data.getFileName() + ", sha256 " + Digest.sha256(Files.readAllBytes(data)).hex());
    m.put("trainer", "DJL PyTorch engine, float64 forward and backward; the proven integer rule applies every update");
    return m;
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
