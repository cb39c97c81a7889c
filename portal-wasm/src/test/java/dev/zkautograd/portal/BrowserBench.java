package dev.zkautograd.portal;

import com.microsoft.playwright.Page;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.zk.backend.StarkBackend;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Measures the browser verifier for {@code docs/benchmarks.md} (not a test: performance is never
 * asserted in tests). Writes a demo-sized run (Adam, 4,096 parameters in two chunks), then reports
 * the wasm's size raw and gzipped, the time to load it in Chromium (fetch, compile, instantiate), and
 * the time to verify one step page there and on the JVM (the same {@link BrowserVerifier#verifyRun}),
 * each the median of several runs after a warm-up.
 *
 * <pre>
 *   mvn -q -B -ntp -pl portal-wasm -am test-compile -DskipTests
 *   mvn -q -B -ntp -pl portal-wasm dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 *   java -cp "portal-wasm/target/test-classes:portal-wasm/target/classes:$(cat portal-wasm/target/test-classpath.txt)" \
 *       dev.zkautograd.portal.BrowserBench [params] [repeats]
 * </pre>
 */
public final class BrowserBench {
  private BrowserBench() {}

  public static void main(String[] args) throws Exception {
    int params = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path tmp = Files.createTempDirectory("zka-bench");
    Path run = tmp.resolve("run");
    long proving = System.nanoTime();
    ProvenRuns.write(run, tmp.resolve("anchors"), "run-bench", 2, new StarkBackend(), params);
    System.out.printf("run: Adam, %d parameters in %d chunks, 2 steps, proven in %.1f s%n", params, ProvenRuns.CHUNKS,
        (System.nanoTime() - proving) / 1e9);

    byte[] wasm;
    try (var in = BrowserBench.class.getClassLoader().getResourceAsStream(SiteServer.ASSETS + "verifier.wasm")) {
      wasm = in.readAllBytes();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(wasm);
    }
    System.out.printf("verifier.wasm: %d bytes, %d gzipped%n", wasm.length, gz.size());

    try (SiteServer site = new SiteServer(); Chromium chromium = Chromium.launch()) {
      site.run("bench", run);
      site.page("step.html", VerifyPanelTest.page("bench", 1, null).replace("../../", ""));
      List<Double> load = new ArrayList<>();
      List<Double> verify = new ArrayList<>();
      for (int i = 0; i <= repeats; i++) {
        try (var c = chromium.offlineContext(site.url(), new AtomicInteger())) {
          Page page = c.newPage();
          page.navigate(site.url() + "step.html");
          page.click("button.zk-verify-button");
          Verdict v = Verdict.parse((String) page.evaluate("() => window.zkVerify.then(v => JSON.stringify(v))"));
          if (!v.passed()) throw new AssertionError(v.toString());
          var timing = (dev.zkautograd.core.json.JsonObject) v.get("timing");
          if (i > 0) { // the first visit warms the server and the browser's code cache
            load.add(((dev.zkautograd.core.json.JsonNumber) timing.get("load_ms")).value());
            verify.add(((dev.zkautograd.core.json.JsonNumber) timing.get("verify_ms")).value());
          }
        }
      }
      System.out.printf("Chromium: load %.0f ms, verify step 1 (2 chunk proofs + log checks) %.0f ms (median of %d)%n",
          median(load), median(verify), repeats);
    }

    FetchedRun fetched = new FetchedRun();
    for (String f : List.of(RunLayout.MANIFEST, RunLayout.STEPS, RunLayout.CHECKPOINT, RunLayout.MERKLE_ROOT, RunLayout.ANCHORS)) {
      fetched.add(f, Files.readAllBytes(run.resolve(f)));
    }
    for (String p : fetched.proofFiles(1)) fetched.add(p, Files.readAllBytes(run.resolve(p)));
    List<Double> jvm = new ArrayList<>();
    for (int i = 0; i < 5 + repeats; i++) {
      long t = System.nanoTime();
      String verdict = BrowserVerifier.verifyRun(fetched, "{\"step\":1}");
      if (!verdict.contains("\"passed\":true")) throw new AssertionError(verdict);
      if (i >= 5) jvm.add((System.nanoTime() - t) / 1e6);
    }
    System.out.printf("JVM: verify step 1 %.0f ms (median of %d after 5 warm-up runs)%n", median(jvm), repeats);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
