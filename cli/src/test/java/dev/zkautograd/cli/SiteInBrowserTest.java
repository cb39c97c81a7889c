package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteLayout;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.VerifierAssets;
import dev.zkautograd.generator.companion.Companion;
import dev.zkautograd.generator.companion.CompanionConfig;
import dev.zkautograd.zk.backend.StarkBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated site in a real browser (Playwright for Java driving Debian's Chromium), served by
 * the companion, over two runs with real STARK proofs: an honest one and a copy with one proof byte
 * flipped. Screenshots of the index, a run page and a step page (desktop and phone) are written to
 * {@code target/screenshots/} for review. The CLI's verify, the companion's /verify and the browser
 * verifier must agree on both runs.
 */
class SiteInBrowserTest {
  static final String HONEST = "run-honest";
  static final String TAMPERED = "run-tampered";
  static final String TAMPERED_FILE = "proofs/step_00001/chunk_000.proof";
  static final Path SCREENSHOTS = Path.of("target/screenshots");
  static final List<String> CHROMIUM_ARGS =
      List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync");

  @TempDir static Path work;
  static Path runs;
  static Path site;
  static Companion companion;

  @BeforeAll
  static void runsSiteAndCompanion() throws Exception {
    runs = work.resolve("artifacts");
    ProvenRun.write(runs.resolve(HONEST), work.resolve("anchors"), HONEST, 3, new StarkBackend());
    ProvenRun.write(runs.resolve(TAMPERED), work.resolve("anchors"), TAMPERED, 3, new StarkBackend());
    Path proof = runs.resolve(TAMPERED).resolve(TAMPERED_FILE);
    byte[] b = Files.readAllBytes(proof);
    b[b.length / 2] ^= 0x01;
    Files.write(proof, b);
    VerifierAssets assets = VerifierAssets.fromClasspath(SiteInBrowserTest.class.getClassLoader(), SiteCommand.VERIFIER_RESOURCES);
    // portal-wasm is a dependency of cli: its verifier must be in every build, never silently absent.
    assertTrue(!assets.files().isEmpty(), "the in-browser verifier's assets are missing from the portal-wasm jar");
    int port = freePort();
    site = work.resolve("site");
    new SiteGenerator().generate(runs, site, SiteOptions.builder().baseUrl("http://127.0.0.1:" + port + "/").verifier(assets).build());
    companion = Companion.start(CompanionConfig.builder(site, runs).port(port).rate(1000, 1000).build());
  }

  @AfterAll
  static void stop() {
    if (companion != null) companion.close();
  }

  @Test
  void indexRunAndStepPagesInTheBrowserWithEveryLinkResolving() throws Exception {
    Files.createDirectories(SCREENSHOTS);
    try (Playwright pw = Playwright.create(); Browser browser = chromium(pw)) {
      for (String device : List.of("desktop", "phone")) {
        BrowserContext ctx = device.equals("desktop")
            ? browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))
            : browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true));
        Page page = ctx.newPage();
        List<String> broken = new ArrayList<>();
        page.navigate(companion.url().toString());
        assertEquals("Runs · zk-Autograd", page.title());
        checkLinks(page, broken);
        fitsTheWidth(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("index-" + device + ".png")).setFullPage(true));

        page.click("a[href='runs/" + HONEST + "/index.html']");
        page.waitForURL("**/runs/" + HONEST + "/index.html");
        assertEquals(2, page.locator("svg.chart").count(), "loss curve and prove-time timeline");
        assertEquals(null, page.locator("section.zk-verify").getAttribute("data-step"), "no data-step on a run page");
        assertTrue(page.locator("a.button[href^='magnet:?xt=urn:btih:']").count() == 1, "magnet link");
        checkLinks(page, broken);
        fitsTheWidth(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("run-" + device + ".png")).setFullPage(true));

        page.click("td[data-label='step'] a[href='step-00001.html']");
        page.waitForURL("**/runs/" + HONEST + "/step-00001.html");
        assertEquals("1", page.locator("section.zk-verify").getAttribute("data-step"));
        assertEquals("../../files/" + HONEST + "/", page.locator("section.zk-verify").getAttribute("data-run"));
        checkLinks(page, broken);
        fitsTheWidth(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("step-" + device + ".png")).setFullPage(true));
        ctx.close();
        assertEquals(List.of(), broken, device);
      }
    }
  }

  @Test
  void cliAndCompanionGiveTheSameVerdictOnHonestAndTamperedRuns() throws Exception {
    for (String run : List.of(HONEST, TAMPERED)) {
      Cli cli = Cli.withProofs("verify", "--run", runs.resolve(run).toString(), "--json", "--threads", "2");
      JsonObject fromCli = (JsonObject) Json.parse(cli.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      JsonObject fromApi = api("/api/runs/" + run + "/verify");
      boolean honest = run.equals(HONEST);
      assertEquals(honest ? 0 : Main.EXIT_CHECK_FAILED, cli.exit(), cli.toString());
      assertEquals(JsonBoolean.of(honest), fromCli.get("passed"));
      assertEquals(fromCli.get("passed"), fromApi.get("passed"), run);
      assertEquals(failures(fromCli), failures(fromApi), run);
      if (!honest) {
        assertTrue(failures(fromApi).contains("proof.digest " + TAMPERED_FILE + " step 1"), failures(fromApi).toString());
      }
    }
  }

  @Test
  void theBrowserVerifierAgreesWithTheCliAndTheCompanion() throws Exception {
    try (Playwright pw = Playwright.create(); Browser browser = chromium(pw)) {
      Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
      for (String run : List.of(HONEST, TAMPERED)) {
        // A run page checks the log and one sampled step's proofs; the tampered proof is step 1's, so its run is
        // opened at step 1's page, whose verify button always fetches that proof.
        String at = run.equals(HONEST) ? "index.html" : dev.zkautograd.generator.SiteLayout.stepPage(1);
        page.navigate(companion.url().resolve("runs/" + run + "/" + at).toString());
        page.locator("section.zk-verify button").first().click();
        // The panel says "running" while it fetches and verifies; wait for its final word.
        page.waitForSelector("section.zk-verify[data-verdict=pass], section.zk-verify[data-verdict=fail], "
            + "section.zk-verify[data-verdict=error]", new Page.WaitForSelectorOptions().setTimeout(240_000));
        String verdict = page.locator("section.zk-verify").getAttribute("data-verdict");
        boolean apiPassed = api("/api/runs/" + run + "/verify").get("passed") == JsonBoolean.TRUE;
        assertEquals(apiPassed ? "pass" : "fail", verdict, run);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("verify-" + run + ".png")).setFullPage(true));
        if (!apiPassed) {
          String text = page.locator("section.zk-verify").innerText();
          assertTrue(text.contains(TAMPERED_FILE) && text.contains("1") && text.contains("proof.digest"), "named failure: " + text);
        }
      }
    }
  }

  @Test
  void aRunDownloadedFromTheWebSeedAloneVerifiesWithItsProofs() throws Exception {
    Path downloads = Files.createDirectories(work.resolve("downloads"));
    Path torrent = site.resolve(SiteLayout.torrent(HONEST));
    Process aria2;
    try {
      aria2 = new ProcessBuilder("aria2c", "--dir=" + downloads, "--seed-time=0", "--enable-dht=false", "--enable-dht6=false",
          "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--listen-port=" + freePort(), "--check-integrity=true",
          "--console-log-level=warn", "--summary-interval=0", torrent.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("aria2.log").toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("aria2c is needed for the web-seed test: scripts/setup/40-aria2.sh installs it", e);
    }
    assertTrue(aria2.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, aria2.exitValue(), Files.readString(work.resolve("aria2.log")));
    Path got = downloads.resolve(HONEST);
    Files.write(got.resolve(RunLayout.MANIFEST), get("files/" + HONEST + "/" + RunLayout.MANIFEST));
    Files.copy(torrent, downloads.resolve(HONEST + ".torrent"));
    Cli c = Cli.withProofs("verify", "--run", got.toString(), "--threads", "2");
    assertEquals(0, c.exit(), c.toString());
    assertTrue(c.out().contains("manifest.torrent") && c.out().contains(HONEST + ".torrent has it"), c.out());
  }

  // ------------------------------------------------------------------ helpers

  private static Browser chromium(Playwright pw) {
    return pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
        .setArgs(CHROMIUM_ARGS));
  }

  /** The page fits the viewport's width: nothing makes a phone scroll sideways. */
  private static void fitsTheWidth(Page page) {
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    assertTrue(((Number) overflow).intValue() <= 0, page.url() + " is wider than the viewport by " + overflow + " px");
  }

  /** Fetches every link, stylesheet and script of the page through the browser's context; records those that do not answer 200. */
  @SuppressWarnings("unchecked")
  private static void checkLinks(Page page, List<String> broken) {
    List<String> urls = (List<String>) page.evalOnSelectorAll("a[href], link[href], script[src]",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('src')).filter(u => !u.startsWith('magnet:') && !u.startsWith('#'))"
            + ".map(u => new URL(u, document.baseURI).href)");
    for (String u : new TreeSet<>(urls)) {
      assertTrue(u.startsWith(companion.url().toString()), "every link is relative: " + u + " on " + page.url());
      APIResponse r = page.request().get(u);
      if (r.status() != 200) broken.add(page.url() + " -> " + u + " " + r.status());
    }
  }

  private static JsonObject api(String path) throws Exception {
    return (JsonObject) Json.parse(get(path));
  }

  private static byte[] get(String path) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var res = client.send(java.net.http.HttpRequest.newBuilder(companion.url().resolve(path.startsWith("/") ? path.substring(1) : path))
        .timeout(java.time.Duration.ofMinutes(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, res.statusCode(), new String(res.body(), java.nio.charset.StandardCharsets.UTF_8));
    return res.body();
  }

  /** The failing rows of a report as "check file step N". */
  private static Set<String> failures(JsonObject report) {
    Set<String> out = new TreeSet<>();
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject r = (JsonObject) v;
      if (r.get("result").equals(new JsonString("FAIL"))) {
        out.add(((JsonString) r.get("check")).value() + " " + (r.get("file") instanceof JsonString f ? f.value() : "-") + " step "
            + Json.writeString(r.get("step")));
      }
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
