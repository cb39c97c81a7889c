package dev.zkautograd.cli;

import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.ezkl.CircuitKind;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklSetup;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zk-setup-zk}: what a backend's prover needs before a run. EZKL (the default): the circuit, keys and SRS for one
 * optimizer and chunk size (docs/ezkl-backend.md). The STARK ({@code --backend stark}): the proof-system parameters file
 * of a statement, the parameters the default prover would choose for its chunk shape (docs/evm-verifier.md, "The
 * parameters file"), which {@code demo --proof-params} proves with and {@code evm-verifier --params} reads.
 */
@Command(
    name = "setup-zk",
    aliases = "zk-setup-zk",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build the optimizer step as an ONNX graph, calibrate EZKL's settings, compile the circuit, make a development SRS",
      "(or take --srs) and run EZKL's setup. Writes settings.json, compiled.ezkl, pk.key, vk.key, kzg.srs, the graph and",
      "keys.json (the SHA-256 of every file) under --out. Nothing is downloaded.",
      "With --backend stark: write the STARK's parameters file (zk-autograd/evm-verifier-params/v1) for the rule, --params",
      "and --chunks, with the proof parameters the prover chooses for ≥ --min-bits proven bits, and print them per chunk shape.",
      "EZKL only: --circuit, --dim, --srs, --srs-sha256, --scale. STARK only: --optimizer, --lr, --beta1, --beta2, --eps,",
      "--clip (read as the demo reads them), --params, --chunks, --min-bits."
    })
final class SetupZkCommand implements Callable<Integer> {
  /** Where each backend writes unless --out says otherwise. */
  static final Path EZKL_OUT = Path.of("prover", "keys");

  static final Path STARK_OUT = Path.of("prover", "stark-params.json");

  /** Options that only one backend takes (each refuses the other's). */
  private static final List<String> EZKL_ONLY = List.of("--circuit", "--dim", "--srs", "--srs-sha256", "--scale");

  private static final List<String> STARK_ONLY = List.of("--optimizer", "--lr", "--beta1", "--beta2", "--eps", "--clip", "--params",
      "--chunks", "--min-bits");

  @Spec CommandSpec spec;

  @Option(names = "--backend", defaultValue = "ezkl", description = "ezkl (the default: EZKL's keys) or stark (the STARK's parameters file).")
  String backend;

  @Option(names = "--circuit", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  String circuit;

  @Option(names = "--dim", defaultValue = "128", description = "Parameters per chunk proof (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--out", paramLabel = "PATH", description = "EZKL: the key folder to write (default: prover/keys); STARK: the "
      + "parameters file (default: prover/stark-params.json).")
  Path out;

  @Option(names = "--srs", paramLabel = "FILE", description = "A ceremony SRS in EZKL's format (default: a development SRS made locally).")
  Path srs;

  @Option(names = "--srs-sha256", paramLabel = "HEX", description = "Refuse an --srs file without this SHA-256.")
  String srsSha256;

  @Option(names = "--scale", defaultValue = "" + EzklSetup.DEFAULT_SCALE,
      description = "Fractional bits of EZKL's fixed point, 4-20 (default: ${DEFAULT-VALUE}).")
  int scale;

  /** STARK: the rule, read as the demo reads it. */
  @Mixin RuleOptions rule;

  @Option(names = "--params", paramLabel = "N", description = "STARK: trained parameters of the whole model (default: the shipped "
      + "MLP's 50,826).")
  Integer params;

  @Option(names = "--chunks", defaultValue = "1", description = "STARK: chunks per step; must divide --params (default: ${DEFAULT-VALUE}).")
  int chunks;

  @Option(names = "--min-bits", defaultValue = "100", description = "STARK: proven bits the parameters must reach (default: ${DEFAULT-VALUE}).")
  double minBits;

  @Override
  public Integer call() throws EzklException, CoreException, IOException {
    switch (backend) {
      case "ezkl":
        refuseForeign(STARK_ONLY, "ezkl");
        return ezkl();
      case "stark":
        refuseForeign(EZKL_ONLY, "stark");
        return stark();
      default:
        throw new ParameterException(spec.commandLine(), "--backend: '" + backend + "' is not ezkl or stark");
    }
  }

  private void refuseForeign(List<String> options, String backendGiven) {
    for (String option : options) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ParameterException(spec.commandLine(), option + " belongs to --backend " + ("ezkl".equals(backendGiven) ? "stark" : "ezkl")
            + ", not to --backend " + backendGiven);
      }
    }
  }

  /** The STARK's parameters file: the default prover's choice for the statement's chunk shape, with its proven bits. */
  private int stark() throws IOException {
    long n = params != null ? params : EmbeddedTask.ARCHITECTURE.parameterCount();
    if (n < 1 || chunks < 1 || chunks > n) {
      throw new ParameterException(spec.commandLine(), "--params must be at least 1 and --chunks between 1 and --params");
    }
    if (n % chunks != 0) {
      throw new ParameterException(spec.commandLine(), String.format("--chunks %d does not divide %,d parameters: the chunks would have "
          + "two shapes, and one parameters file holds one (docs/evm-verifier.md); use --chunks %s", chunks, n, dividing(n, chunks)));
    }
    OptimizerSpec declared;
    try {
      declared = rule.rule(params != null, spec).spec();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "the hyper-parameters make no valid rule: " + e.getMessage());
    }
    EvmVerifierParams file;
    double bits;
    try {
      file = EvmVerifierParams.proven(declared, n, chunks, minBits);
      bits = file.provenBits();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path target = out != null ? out : STARK_OUT;
    PrintWriter o = spec.commandLine().getOut();
    o.printf("zk-setup-zk: %s step over %,d parameters in %d chunk(s), at least %s proven bits%n", declared.kind(), n, chunks, plain(minBits));
    StepStatement shape = file.statement(0, 0);
    String row = "%-12s  %-6s  %-10s  %-9s  %-7s  %-7s  %-8s  %-7s  %s%n";
    o.printf(row, "CHUNK LENGTH", "CHUNKS", "TRACE ROWS", "LIMB BITS", "BLOW-UP", "QUERIES", "GRINDING", "FOLDING", "PROVEN BITS");
    o.printf(row, String.format("%,d", file.chunkLength()), chunks, String.format("%,d", shape.traceRows()), shape.limbBits(),
        "2^" + file.proof().blowupLog2(), file.proof().queries(), file.proof().grindingBits(), "2^" + file.proof().foldingLog2(),
        String.format("%.2f", bits));
    write(target, file.toText());
    o.printf("wrote %s (%s)%n", target, EvmVerifierParams.FORMAT);
    if (bits < VerificationPolicy.DEFAULT.minimumBits()) {
      o.printf("warning: %.2f bits is below the verifier's default policy of %s: verify rejects proofs made with these parameters%n",
          bits, plain(VerificationPolicy.DEFAULT.minimumBits()));
    }
    StringBuilder given = new StringBuilder();
    for (String option : List.of("--lr", "--beta1", "--beta2", "--eps", "--clip", "--params")) {
      var matched = spec.commandLine().getParseResult().matchedOption(option);
      if (matched != null) given.append(' ').append(option).append(' ').append(matched.stringValues().get(matched.stringValues().size() - 1));
    }
    o.printf("prove with it: zk-autograd demo --optimizer %s%s --chunks %d --proof-params %s%n", declared.kind(), given, chunks, target);
    o.flush();
    return 0;
  }

  /** The chunk counts on either side of {@code chunks} (1 < chunks < n) that divide {@code n}. */
  static String dividing(long n, int chunks) {
    int below = chunks;
    while (n % below != 0) below--;
    long above = chunks;
    while (n % above != 0) above++;
    return below + " or " + above;
  }

  private static String plain(double bits) {
    return bits == Math.rint(bits) ? Long.toString((long) bits) : Double.toString(bits);
  }

  /** Writes the file whole or not at all: a reader never meets half a parameters file. */
  private static void write(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, text);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private int ezkl() throws EzklException, CoreException {
    Path folder = out != null ? out : EZKL_OUT;
    CircuitKind kind = CircuitKind.ofId(circuit);
    if (kind == null) {
      throw new ParameterException(spec.commandLine(), "--circuit: '" + circuit + "' is not adam or sgd");
    }
    if (dim < 1 || dim > (1 << 16) || scale < 4 || scale > 20) {
      throw new ParameterException(spec.commandLine(), "--dim must lie in [1, 65536] and --scale in [4, 20]");
    }
    Digest pinned = srsSha256 == null ? null : Digest.parseHex(srsSha256.trim(), "--srs-sha256");
    if (pinned != null && srs == null) {
      throw new ParameterException(spec.commandLine(), "--srs-sha256 needs --srs");
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("zk-setup-zk: %s step over %d parameters, scale 2^-%d, %s SRS, into %s%n", kind.id(), dim, scale,
        srs == null ? "a development" : "the given", folder);
    o.flush();
    KeyDirectory keys;
    try (EzklWorker worker = EzklWorker.start(WorkerLaunch.locate());
        Ticker ticker = new Ticker("setup (graph, calibration, SRS, keys)")) {
      keys = new EzklSetup(kind, dim, scale, folder, srs, pinned).run(worker);
    }
    o.printf("wrote %s: 2^%d rows, EZKL %s%n", folder, keys.logrows(), keys.ezklVersion());
    keys.files().forEach((name, d) -> o.printf("  %-16s %s%n", name, d.hex()));
    if (keys.developmentSrs()) {
      o.println("warning: kzg.srs is a development SRS (ezkl.gen_srs): whoever made it can forge proofs; use --srs with a "
          + "ceremony SRS for anything but development");
    }
    o.flush();
    return 0;
  }
}
