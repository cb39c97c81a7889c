package dev.zkautograd.cli;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.bench.BenchRow;
import dev.zkautograd.zk.bench.ProverBench;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.params.ParameterChoice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Proves and verifies optimizer steps of given sizes and prints what it cost. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Prove and verify one SGD or Adam step per size with the cheapest parameters proving 100 bits; print",
      "prove time, verify time, proof size, proven bits, peak heap and the ratio to the plain",
      "integer step. Sizes are counts or powers of two: --params 2^10,2^16,2^20."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--params", split = ",", defaultValue = "2^10,2^14,2^16", description = "Parameter counts (default: ${DEFAULT-VALUE}).")
  List<String> params;

  @Option(names = "--chunks", defaultValue = "1", description = "Chunks per step, proven one after another (default: ${DEFAULT-VALUE}).")
  int chunks;

  @Option(names = "--steps", defaultValue = "1", description = {
      "Consecutive steps proven per chunk (default: ${DEFAULT-VALUE}). With 2 or more, each later step takes the",
      "committed state_out of the step before as its state_in, as in a run; the row shows their mean and the",
      "first step's time beside it."})
  int steps;

  @Option(names = "--profile", description = "Also print where the prover's time goes.")
  boolean profile;

  @Override
  public Integer call() throws VerificationException {
    List<Integer> counts = new ArrayList<>();
    for (String p : params) {
      counts.add(parseCount(p));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("zk-autograd bench: %s, %d cores, max heap %.1f GB, JDK %s%n", optimizer,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e9,
        System.getProperty("java.version"));
    out.flush();
    List<BenchRow> rows;
    try {
      rows = ProverBench.run(optimizer, counts, chunks, steps, ParameterChoice.proven(VerificationPolicy.DEFAULT.minimumBits()));
    } catch (IllegalArgumentException e) {
      // An unknown optimizer, or a size no parameters prove at 100 bits in one chunk.
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    out.print(ProverBench.format(rows));
    if (profile) {
      out.print(ProverBench.formatProfile(rows));
    }
    out.flush();
    return 0;
  }

  private int parseCount(String p) {
    try {
      int n = p.startsWith("2^") ? 1 << Integer.parseInt(p.substring(2)) : Integer.parseInt(p);
      if (n < 1 || (p.startsWith("2^") && Integer.parseInt(p.substring(2)) > 30)) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--params: '" + p + "' is not a count or a power 2^k (k ≤ 30)");
    }
  }
}
