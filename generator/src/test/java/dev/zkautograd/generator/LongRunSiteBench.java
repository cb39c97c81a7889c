package dev.zkautograd.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders the site of one long run and prints what it took: the figure behind "a run of 10,000 steps
 * renders in under a minute" (docs/benchmarks.md). A benchmark, not a test: run it on a quiet machine,
 *
 * <pre>
 * mvn -q -B -ntp -o -pl generator -am test-compile
 * mvn -q -B -ntp -o -pl generator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "generator/target/test-classes:generator/target/classes:$(cat /tmp/cp.txt)" \
 *   dev.zkautograd.generator.LongRunSiteBench 10000 /tmp/site-bench
 * </pre>
 *
 * The run is written by the real {@code RunWriter} ({@link TestRuns}: SGD, two chunks a step, stand-in
 * proof bytes, since the generator never verifies proofs), so its manifest, log and torrent are real.
 */
public final class LongRunSiteBench {
  private LongRunSiteBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/site-bench"));
    Path runs = Files.createDirectories(work.resolve("runs"));
    Path out = work.resolve("site");
    String id = "run-20261201-120000";
    if (Files.notExists(runs.resolve(id))) {
      long t0 = System.nanoTime();
      TestRuns.write(runs.resolve(id), work.resolve("anchors"), id, "2026-12-01T12:00:00Z", steps, Map.of("name", "bench"));
      System.out.printf("wrote a run of %,d steps in %.1f s%n", steps, (System.nanoTime() - t0) / 1e9);
    }
    for (int round = 1; round <= 2; round++) {
      long t0 = System.nanoTime();
      SiteReport r = new SiteGenerator().generate(runs, out.resolveSibling("site-" + round),
          SiteOptions.builder().baseUrl("https://example.org/audit/").build());
      System.out.printf("round %d: %,d pages, %,d bytes of HTML, largest run page %,d bytes, in %.1f s%n", round, r.pages(),
          r.htmlBytes(), r.largestRunPage(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
