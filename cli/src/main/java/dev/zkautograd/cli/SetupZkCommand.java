package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.ezkl.CircuitKind;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklSetup;
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

/** {@code zk-setup-zk}: the EZKL backend's circuit, keys and SRS for one optimizer and chunk size (docs/ezkl-backend.md). */
@Command(
    name = "setup-zk",
    aliases = "zk-setup-zk",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build the optimizer step as an ONNX graph, calibrate EZKL's settings, compile the circuit, make a development SRS",
      "(or take --srs) and run EZKL's setup. Writes settings.json, compiled.ezkl, pk.key, vk.key, kzg.srs, the graph and",
      "keys.json (the SHA-256 of every file) under --out. Nothing is downloaded."
    })
final class SetupZkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--circuit", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  String circuit;

  @Option(names = "--dim", defaultValue = "128", description = "Parameters per chunk proof (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--out", defaultValue = "prover/keys", description = "Key folder to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--srs", paramLabel = "FILE", description = "A ceremony SRS in EZKL's format (default: a development SRS made locally).")
  Path srs;

  @Option(names = "--srs-sha256", paramLabel = "HEX", description = "Refuse an --srs file without this SHA-256.")
  String srsSha256;

  @Option(names = "--scale", defaultValue = "" + EzklSetup.DEFAULT_SCALE,
      description = "Fractional bits of EZKL's fixed point, 4-20 (default: ${DEFAULT-VALUE}).")
  int scale;

  @Override
  public Integer call() throws EzklException, CoreException {
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
        srs == null ? "a development" : "the given", out);
    o.flush();
    KeyDirectory keys;
    try (EzklWorker worker = EzklWorker.start(WorkerLaunch.locate());
        Ticker ticker = new Ticker("setup (graph, calibration, SRS, keys)")) {
      keys = new EzklSetup(kind, dim, scale, out, srs, pinned).run(worker);
    }
    o.printf("wrote %s: 2^%d rows, EZKL %s%n", out, keys.logrows(), keys.ezklVersion());
    keys.files().forEach((name, d) -> o.printf("  %-16s %s%n", name, d.hex()));
    if (keys.developmentSrs()) {
      o.println("warning: kzg.srs is a development SRS (ezkl.gen_srs): whoever made it can forge proofs; use --srs with a "
          + "ceremony SRS for anything but development");
    }
    o.flush();
    return 0;
  }
}
