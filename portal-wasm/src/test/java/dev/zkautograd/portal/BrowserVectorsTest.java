package dev.zkautograd.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The golden and deliberately broken vectors of core ({@code core/src/test/resources/vectors}: log
 * proofs, hash chains, checkpoints and keys, step records, whole runs) and zk's golden and broken
 * proofs, run through the verifier compiled to WebAssembly in Chromium. Each verdict must be the one
 * the same code gives on the JVM, character for character, and must name the vector's {@code
 * wantErr} (the reason in its name) as the JVM's own vector tests do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserVectorsTest {
  static final Path CORE = Path.of("..", "core", "src", "test", "resources", "vectors");
  static final Path PROOFS = Path.of("..", "zk", "src", "test", "resources", "vectors", "proof");

  SiteServer site;
  Chromium chromium;
  BrowserContext context;
  Page page;

  @BeforeAll
  void open() throws IOException {
    site = new SiteServer();
    site.page("vectors.html", "<!doctype html><html><head><meta charset=\"utf-8\"><title>vectors</title>"
        + "<script src=\"assets/verifier/verify-panel.js\" defer></script></head><body></body></html>");
    chromium = Chromium.launch();
    context = chromium.offlineContext(site.url(), new AtomicInteger());
    page = context.newPage();
    page.navigate(site.url() + "vectors.html");
    page.waitForFunction("() => window.zkVerifyPanel !== undefined");
    page.evaluate("() => zkVerifyPanel.verifier().then(v => { window.v = v; window.bytes = b64 => {"
        + " const s = atob(b64); const a = new Int8Array(s.length); for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);"
        + " return a; }; })");
  }

  @AfterAll
  void close() {
    if (context != null) context.close();
    if (chromium != null) chromium.close();
    if (site != null) site.close();
  }

  @Test
  void inclusionConsistencyAndChainVectors() throws Exception {
    int n = 0;
    for (Path f : jsonFiles(CORE.resolve("log/inclusion"))) {
      String json = Files.readString(f);
      sameVerdict(f, call("v.verifyInclusion(a[0])", json), BrowserVerifier.verifyInclusion(json));
      n++;
    }
    for (Path f : jsonFiles(CORE.resolve("log/consistency"))) {
      String json = Files.readString(f);
      sameVerdict(f, call("v.verifyConsistency(a[0])", json), BrowserVerifier.verifyConsistency(json));
      n++;
    }
    for (Path f : jsonFiles(CORE.resolve("log/chain"))) {
      String json = Files.readString(f);
      Verdict v = sameVerdict(f, call("v.verifyChain(a[0])", json), BrowserVerifier.verifyChain(json));
      if (!v.passed()) {
        assertEquals(String.valueOf(read(f).get("wantStep")), String.valueOf(v.failures().get(0).step()), f::toString);
      }
      n++;
    }
    assertTrue(n >= 50, n + " vectors");
  }

  @Test
  void checkpointAndKeyVectors() throws Exception {
    int n = 0;
    for (String folder : List.of("notes", "interop", "keys")) {
      for (Path f : jsonFiles(CORE.resolve("checkpoint").resolve(folder))) {
        JsonObject v = read(f);
        if (v.get("privateKey") != null) continue; // private keys are the signer's, never the browser's
        String key = text(v, "verifierKey");
        if (v.get("note") == null) {
          sameVerdict(f, call("v.verifyKey(a[0])", key), BrowserVerifier.verifyKey(key));
        } else {
          String origin = v.get("origin") == null ? "" : text(v, "origin");
          Verdict verdict = sameVerdict(f, call("v.verifyCheckpoint(a[0], a[1], a[2])", text(v, "note"), key, origin),
              BrowserVerifier.verifyCheckpoint(text(v, "note"), key, origin));
          if (verdict.passed() && v.get("want") instanceof JsonObject want) {
            assertEquals(Json.writeString(want.get("root")), Json.writeString(verdict.get("root")), f::toString);
          }
        }
        n++;
      }
    }
    assertTrue(n >= 60, n + " vectors");
  }

  @Test
  void stepRecordVectors() throws Exception {
    List<Path> files = jsonFiles(CORE.resolve("step-record"));
    assertFalse(files.isEmpty());
    for (Path f : files) {
      byte[] line = Files.readAllBytes(f);
      sameVerdict(f, call("v.verifyRecord(bytes(a[0]))", b64(line)), BrowserVerifier.verifyRecord(line), reasonInName(f));
    }
  }

  @Test
  void runVectors() throws Exception {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(CORE.resolve("run"))) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(dirs.size() >= 25, dirs.size() + " run vectors");
    for (Path dir : dirs) {
      Map<String, String> files = new LinkedHashMap<>();
      FetchedRun jvm = new FetchedRun();
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String rel = dir.relativize(p).toString().replace('\\', '/');
          files.put(rel, b64(Files.readAllBytes(p)));
          jvm.add(rel, Files.readAllBytes(p));
        }
      }
      String options = "{\"step\":\"all\"}";
      String browser = (String) page.evaluate("([files, options]) => { const run = v.newRun();"
          + " for (const [p, b] of Object.entries(files)) run.add(p, bytes(b)); return run.verify(options); }",
          List.of(files, options));
      Verdict v = Verdict.parse(browser);
      assertEquals(BrowserVerifier.verifyRun(jvm, options), browser, () -> "browser and JVM differ on " + dir);
      String name = dir.getFileName().toString();
      if (name.equals("golden-run-ezkl")) {
        // The browser has no EZKL verifier: its proofs are reported unchecked, never passed, and nothing fails.
        assertEquals(List.of(), v.failures(), v::toString);
        assertTrue(v.rows().stream().anyMatch(r -> r.check().equals("proof.verify") && r.result().equals("SKIP")), v::toString);
      } else if (name.startsWith("golden-run")) {
        // The golden runs' proofs are placeholders, not STARK proofs: everything else passes.
        assertEquals(List.of("proof.verify"), v.failures().stream().map(Verdict.Row::check).distinct().toList(), v::toString);
      } else if (name.contains(".")) {
        String want = name.substring(name.lastIndexOf('.') + 1);
        assertTrue(v.failures().stream().anyMatch(r -> want.equals(r.reason())), () -> dir + " should fail with " + want + ": " + v);
      }
    }
  }

  @Test
  void zkGoldenAndBrokenProofVectors() throws Exception {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(PROOFS.resolve("sgd-64.inputs"))) {
      inputs.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    // The statement of zk's GoldenVectors: SGD, lr 42950, clip 2^32, step 41, 64 parameters, one chunk, 8-bit limbs.
    String publicInputs = "{\"optimizer\":\"sgd\",\"hyper_parameters\":[\"42950\",\"4294967296\"],\"frac_bits\":32,\"step\":41,"
        + "\"total_parameters\":64,\"chunk_index\":0,\"offset\":0,\"length\":64,\"limb_bits\":8,"
        + "\"root_state_in\":\"" + inputs.get("root_state_in") + "\",\"root_state_out\":\"" + inputs.get("root_state_out") + "\"}";
    List<Path> files;
    try (Stream<Path> s = Files.list(PROOFS)) {
      files = s.filter(p -> p.toString().endsWith(".proof")).sorted().toList();
    }
    assertTrue(files.size() >= 10);
    for (Path f : files) {
      byte[] proof = Files.readAllBytes(f);
      String browser = call("v.verifyProof(a[0], bytes(a[1]))", publicInputs, b64(proof));
      assertEquals(BrowserVerifier.verifyProof(publicInputs, proof), browser, () -> "browser and JVM differ on " + f);
      Verdict v = Verdict.parse(browser);
      assertEquals(inputs.get("statement"), text(v.json(), "statement"), "the statement built in the browser");
      String name = f.getFileName().toString();
      String want = name.split("\\.")[name.split("\\.").length - 2];
      if (want.equals("OK")) {
        assertTrue(v.passed(), () -> name + ": " + v);
      } else {
        // The proof system's reason, as zk's VectorsTest finds it on the JVM, is the failing row's field.
        assertEquals(want, v.failures().get(0).field(), () -> name + ": " + v);
      }
    }
  }

  /** Asserts the browser's and the JVM's verdicts are identical and match the JSON vector's wantErr. */
  private Verdict sameVerdict(Path vector, String browser, String jvm) throws IOException {
    JsonValue want = read(vector).get("wantErr");
    return sameVerdict(vector, browser, jvm, want instanceof JsonString w ? w.value() : null);
  }

  /** Asserts the browser's and the JVM's verdicts are identical and fail with {@code want} (pass, for null). */
  private static Verdict sameVerdict(Path vector, String browser, String jvm, String want) {
    assertEquals(jvm, browser, () -> "browser and JVM differ on " + vector);
    Verdict v = Verdict.parse(browser);
    if (want == null) {
      assertTrue(v.passed(), () -> vector + ": " + v);
    } else {
      assertFalse(v.passed(), () -> vector + " should fail with " + want);
      assertEquals(want, v.failures().get(0).reason(), () -> vector + ": " + v);
    }
    return v;
  }

  /** The reason a vector's file name ends in ("chain-wrong.CHAIN_MISMATCH.json"), or null for a good one. */
  static String reasonInName(Path f) {
    String[] parts = f.getFileName().toString().split("\\.");
    String r = parts.length >= 3 ? parts[parts.length - 2] : null;
    return r == null || r.equals("OK") || !r.equals(r.toUpperCase(java.util.Locale.ROOT)) ? null : r;
  }

  private String call(String expression, String... args) {
    return (String) page.evaluate("(a) => " + expression, List.of(args));
  }

  static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted().toList());
    }
  }

  static JsonObject read(Path f) throws IOException {
    try {
      return (JsonObject) Json.parse(Files.readAllBytes(f));
    } catch (CoreException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }

  static String text(JsonObject o, String member) {
    return ((JsonString) o.get(member)).value();
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
