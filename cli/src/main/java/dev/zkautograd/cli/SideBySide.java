package dev.zkautograd.cli;

import dev.zkautograd.ezkl.EzklBench;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.bench.BenchRow;
import dev.zkautograd.zk.bench.ProverBench;
import dev.zkautograd.zk.params.ParameterChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --backend ezkl[,stark]}: the same optimizer steps proven by EZKL (one chunk of each
 * size, keys made once per size) and by the STARK, printed side by side with EZKL's ratio to the STARK.
 * EZKL's memory is the worker process's peak resident set; the STARK's the JVM's peak heap.
 */
final class SideBySide {
  private SideBySide() {}

  static int run(PrintWriter out, String optimizer, List<Integer> counts, boolean stark, Path keyRoot)
      throws EzklException, VerificationException {
    out.printf(Locale.ROOT, "zk-autograd bench: %s, EZKL%s, %d cores, JDK %s%n", optimizer, stark ? " and STARK" : "",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    out.flush();
    List<EzklBench.Row> ezkl = EzklBench.run(optimizer, counts, keyRoot, line -> {
      out.println("  " + line);
      out.flush();
    });
    List<BenchRow> starks = stark ? ProverBench.run(optimizer, counts, 1, ParameterChoice.proven(VerificationPolicy.DEFAULT.minimumBits()))
        : List.of();
    out.printf(Locale.ROOT, "%10s %7s %10s %10s %11s %12s %8s %10s%n", "parameters", "backend", "prove", "verify", "proof size",
        "peak memory", "rows", "setup");
    for (int i = 0; i < counts.size(); i++) {
      EzklBench.Row e = ezkl.get(i);
      out.printf(Locale.ROOT, "%10d %7s %9.2fs %8.1fms %9.1fKB %9.2fGB rss %8s %9.1fs  (pk %.0f MB)%n", e.parameters(), "ezkl",
          e.proveMillis() / 1000, e.verifyMillis(), e.proofBytes() / 1024.0, e.peakRssBytes() / 1e9, "2^" + e.logrows(),
          e.setupMillis() / 1000, e.provingKeyBytes() / 1e6);
      if (stark) {
        BenchRow s = starks.get(i);
        out.printf(Locale.ROOT, "%10d %7s %9.2fs %8.1fms %9.1fKB %9.2fGB heap %8s %10s%n", s.parameters(), "stark",
            s.proveMillis() / 1000, s.verifyMillis(), s.proofBytes() / 1024.0, s.peakHeapBytes() / 1e9, "", "none");
        out.printf(Locale.ROOT, "%10s %7s %9.1fx %9.1fx %10.2fx%n", "", "ezkl/st", e.proveMillis() / s.proveMillis(),
            e.verifyMillis() / s.verifyMillis(), (double) e.proofBytes() / s.proofBytes());
      }
    }
    out.flush();
    return 0;
  }
}
