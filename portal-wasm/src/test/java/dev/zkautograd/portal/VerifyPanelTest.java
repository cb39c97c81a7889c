package dev.zkautograd.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.run.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify panel in Debian's Chromium, on a page served from 127.0.0.1 as a generated site lays it
 * out: an honest run with real STARK proofs passes every check, and each forgery fails with the check,
 * file and step that catch it. Every verdict is also recomputed on the JVM by the same verifier code
 * over the same files the page fetched, and must match row for row. No request leaves the site.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyPanelTest {
  static final String RUN = "run-20261124-101500";
  static final int STEPS = 3;

  @TempDir static Path tmp;
  SiteServer site;
  Chromium chromium;
  final AtomicInteger foreign = new AtomicInteger();
  String key;

  @BeforeAll
  void buildRunsAndServe() throws Exception {
    site = new SiteServer();
    Path honest = tmp.resolve("honest");
    ProvenRuns.write(honest, tmp.resolve("anchors"), RUN, STEPS, new dev.zkautograd.zk.backend.StarkBackend());
    site.run("honest", honest);
    key = ProvenRuns.signer(RUN).verifier().encode();

    // Forged by the key holder: everything is sealed and signed, only the STARK can tell.
    Path flipped = tmp.resolve("sealed-flipped-proof");
    ProvenRuns.write(flipped, tmp.resolve("anchors-2"), RUN, 2, ProvenRuns.forgingAt(1, ProvenRuns.FLIPPED_BYTE));
    site.run("sealed-flipped-proof", flipped);
    Path otherStep = tmp.resolve("sealed-other-step");
    ProvenRuns.write(otherStep, tmp.resolve("anchors-3"), RUN, 2, ProvenRuns.forgingAt(1, ProvenRuns.OTHER_STEP));
    site.run("sealed-other-step", otherStep);

    // Edited after publication, by someone without the key.
    tamper("proof-byte-flipped", honest, d -> flipByte(d.resolve("proofs/step_00001/chunk_001.proof"), 100));
    tamper("record-edited", honest, d -> editLine(d.resolve(RunLayout.STEPS), 1, "\"loss\":\"", "\"loss\":\"9"));
    tamper("steps-swapped", honest, d -> swapLines(d.resolve(RunLayout.STEPS), 1, 2));
    tamper("steps-truncated", honest, d -> dropLastLine(d.resolve(RunLayout.STEPS)));
    tamper("checkpoint-signature-flipped", honest, d -> editCheckpointSignature(d.resolve(RunLayout.CHECKPOINT)));
    tamper("anchor-root-wrong", honest, d -> editAnchorRoot(d.resolve(RunLayout.ANCHORS)));
    tamper("manifest-edited", honest, d -> editLine(d.resolve(RunLayout.MANIFEST), 0, "linear-regression", "linear-regressioN"));

    chromium = Chromium.launch();
  }

  @AfterAll
  void close() {
    if (chromium != null) chromium.close();
    if (site != null) site.close();
  }

  // ---- the honest run ----

  @Test
  void anHonestRunPassesEveryCheckAndRemembersItsHead() throws Exception {
    try (BrowserContext c = context()) {
      Page page = c.newPage();
      Verdict first = verify(page, "honest", 1, key);
      assertTrue(first.passed(), first::toString);
      for (Verdict.Row r : first.rows()) {
        // Out of a browser's reach: the anchors' own state (no anchor folder, chain or table to ask).
        // Not in this run: an attested prover (the test's prover is in-process), so no step signatures.
        // Not on a step page: the torrent's info-hash, which needs every proof file, not the viewed step's.
        boolean skipped = List.of("anchors.recheck", "steps.signature", "prover.attestation", "manifest.torrent").contains(r.check());
        assertEquals(skipped ? "SKIP" : "PASS", r.result(), r::toString);
      }
      assertRow(first, "proof.verify", "PASS", "2 proofs of step 1 of 3 verify");
      assertRow(first, "log.inclusion", "PASS", "lead from the records to the signed root");
      assertRow(first, "log.consistency", "PASS", "anchors.json[0] (file-counter #1) at size 3");
      assertRow(first, "key", "PASS", key);
      assertEquals(0, foreign.get(), "requests outside the site");
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(screenshots().resolve("verify-panel-honest.png")));

      // Second visit: the head remembered from the first is proven a prefix of the current one.
      Verdict second = verify(page, "honest", 2, null);
      assertTrue(second.passed(), second::toString);
      assertRow(second, "log.consistency", "PASS", "remembered by this browser");
      assertRow(second, "key", "PASS", "names the pinned key"); // pinned on first use
    }
  }

  @Test
  void aRunPageChecksAStepDrawnAtRandom() throws Exception {
    try (BrowserContext c = context()) {
      Verdict v = verify(c.newPage(), "honest", null, key);
      assertTrue(v.passed(), v::toString);
      assertRow(v, "proof.verify", "PASS", "2 proofs of step ");
    }
  }

  @Test
  void aPhoneSizedPageRendersTheTable() throws Exception {
    try (BrowserContext c = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true))) {
      Page page = c.newPage();
      Verdict v = verify(page, "record-edited", 1, key);
      assertFalse(v.passed());
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(screenshots().resolve("verify-panel-failed-phone.png")));
    }
  }

  // ---- forgeries ----

  @Test
  void aProofByteFlippedAfterPublicationIsCaughtByItsDigest() throws Exception {
    Verdict v = verifyFresh("proof-byte-flipped", 1);
    assertFirstFailure(v, "manifest.files", "proofs/step_00001/chunk_001.proof", null, "DIGEST_MISMATCH");
    assertFailure(v, "proof.digest", "proofs/step_00001/chunk_001.proof", 1L, "DIGEST_MISMATCH");
  }

  @Test
  void aSealedRunWithACorruptProofIsCaughtByTheStark() throws Exception {
    Verdict v = verifyFresh("sealed-flipped-proof", 1);
    assertEquals(List.of("proof.verify"), v.failures().stream().map(Verdict.Row::check).toList(), v::toString);
    assertFirstFailure(v, "proof.verify", "proofs/step_00001/chunk_000.proof", 1L, "PROOF_INVALID");
  }

  @Test
  void aSealedProofOfAnotherStepIsCaughtByThePublicInputsRebuiltFromTheRecord() throws Exception {
    Verdict v = verifyFresh("sealed-other-step", 1);
    assertEquals(List.of("proof.verify"), v.failures().stream().map(Verdict.Row::check).toList(), v::toString);
    assertFirstFailure(v, "proof.verify", "proofs/step_00001/chunk_000.proof", 1L, "PROOF_INVALID");
    // The same run's honest step verifies: the forgery is located, not just detected.
    Verdict step0 = verifyFresh("sealed-other-step", 0);
    assertTrue(step0.passed(), step0::toString);
  }

  @Test
  void anEditedRecordBreaksTheChain() throws Exception {
    Verdict v = verifyFresh("record-edited", 1);
    assertFirstFailure(v, "steps.records", RunLayout.STEPS, 1L, "CHAIN_MISMATCH");
  }

  @Test
  void swappedStepsAreOutOfSequence() throws Exception {
    Verdict v = verifyFresh("steps-swapped", 0);
    // Line 1 now holds step 2: the first record out of place is named by its own step number.
    assertFirstFailure(v, "steps.sequence", RunLayout.STEPS, 2L, "STEP_SEQUENCE");
  }

  @Test
  void aTruncatedLogNoLongerMatchesItsCheckpoint() throws Exception {
    Verdict v = verifyFresh("steps-truncated", 0);
    assertFirstFailure(v, "checkpoint.head", RunLayout.CHECKPOINT, null, "ROOT_MISMATCH");
    assertFailure(v, "manifest.head", RunLayout.MANIFEST, null, "STEP_SEQUENCE");
    // The step the page shows is gone from the log.
    Verdict gone = verifyFresh("steps-truncated", 2);
    assertFailure(gone, "proof.digest", RunLayout.STEPS, 2L, "STEP_SEQUENCE");
  }

  @Test
  void aCheckpointSignatureThatDoesNotVerifyIsNamed() throws Exception {
    Verdict v = verifyFresh("checkpoint-signature-flipped", 0);
    assertFirstFailure(v, "checkpoint.signature", RunLayout.CHECKPOINT, null, "SIGNATURE_INVALID");
    assertRow(v, "log.inclusion", "SKIP", "the checkpoint did not verify");
  }

  @Test
  void anAnchoredRootThatIsNotAHeadOfTheLogFailsConsistency() throws Exception {
    Verdict v = verifyFresh("anchor-root-wrong", 0);
    assertFirstFailure(v, "anchors", RunLayout.ANCHORS, null, "ROOT_MISMATCH");
    assertFailure(v, "log.consistency", RunLayout.ANCHORS, null, "CONSISTENCY_PROOF_INVALID");
  }

  @Test
  void anEditedManifestLosesItsSignature() throws Exception {
    Verdict v = verifyFresh("manifest-edited", 0);
    assertFirstFailure(v, "manifest.signature", RunLayout.MANIFEST, null, "SIGNATURE_INVALID");
  }

  @Test
  void anotherPinnedKeyIsRefused() throws Exception {
    String other = NoteSigner.fromSeed(RunLayout.origin(RUN), dev.zkautograd.core.secret.SecretBytes.copyFrom(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
        dev.zkautograd.core.secret.InsecureSecretAccess.get())).verifier().encode();
    try (BrowserContext c = context()) {
      Verdict v = verify(c.newPage(), "honest", 0, other);
      assertFirstFailure(v, "key", RunLayout.MANIFEST, null, "SIGNATURE_INVALID");
      assertFailure(v, "checkpoint.signature", RunLayout.CHECKPOINT, null, "SIGNATURE_INVALID");
    }
  }

  @Test
  void aLogRewrittenSinceTheLastVisitFailsConsistencyWithTheRememberedHead() throws Exception {
    try (BrowserContext c = context()) {
      Page page = c.newPage();
      site.page("pages/blank.html", "<!doctype html><title>blank</title>");
      page.navigate(site.url() + "pages/blank.html");
      // What this browser remembers of an earlier visit: a head of 2 records the log no longer extends.
      page.evaluate("([k, v]) => localStorage.setItem(k, v)", List.of("zk-autograd.verify.v1:" + site.url() + "runs/honest/",
          "{\"size\":2,\"root\":\"" + "ab".repeat(32) + "\",\"key\":\"" + key + "\",\"at\":\"2026-11-20T00:00:00Z\"}"));
      Verdict v = verify(page, "honest", 1, null);
      assertFirstFailure(v, "log.consistency", RunLayout.CHECKPOINT, null, "CONSISTENCY_PROOF_INVALID");
      assertTrue(v.failures().get(0).detail().contains("remembered by this browser (2026-11-20T00:00:00Z)"), v::toString);
    }
  }

  // ---- helpers ----

  private BrowserContext context() {
    return chromium.offlineContext(site.url(), foreign);
  }

  private Verdict verifyFresh(String run, int step) throws Exception {
    try (BrowserContext c = context()) {
      return verify(c.newPage(), run, step, key);
    }
  }

  /**
   * Opens the step page (or the run page, for a null step) of {@code run}, clicks verify, waits for the
   * verdict, and checks that the JVM reaches the same verdict over the files the page fetched.
   */
  private Verdict verify(Page page, String run, Integer step, String pinnedKey) throws Exception {
    String name = step == null ? "index.html" : "step-" + step + ".html";
    site.page("pages/" + run + "/" + name, page(run, step, pinnedKey));
    site.requests.clear();
    page.navigate(site.url() + "pages/" + run + "/" + name);
    page.click("section.zk-verify button.zk-verify-button");
    page.waitForSelector("section.zk-verify[data-verdict=pass], section.zk-verify[data-verdict=fail], "
        + "section.zk-verify[data-verdict=error]", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED)
        .setTimeout(120_000));
    Verdict v = Verdict.parse((String) page.evaluate("() => window.zkVerify.then(v => JSON.stringify(v))"));
    assertEquals(v.passed() ? "pass" : "fail", page.getAttribute("section.zk-verify", "data-verdict"), v::toString);
    assertEquals(null, v.get("error") instanceof dev.zkautograd.core.json.JsonString e ? e.value() : null);
    // Every row is on the page, with its result.
    assertEquals(v.rows().size(), page.locator("section.zk-verify tbody tr").count());
    for (Verdict.Row r : v.failures()) {
      assertTrue(page.locator("tr.zk-row-fail[data-check='" + r.check() + "']").count() > 0, r::toString);
    }
    assertEquals(v.resultsJson(), jvmVerdict(run, v).resultsJson(), "the JVM's verdict over the same files differs");
    return v;
  }

  /** {@link BrowserVerifier#verifyRun} on the JVM, over exactly the files the page asked the server for. */
  private Verdict jvmVerdict(String run, Verdict browser) throws IOException {
    FetchedRun fetched = new FetchedRun();
    String prefix = "/runs/" + run + "/";
    Path dir = tmp.resolve(run);
    for (String p : List.copyOf(site.requests)) {
      if (!p.startsWith(prefix)) continue;
      String rel = p.substring(prefix.length());
      if (Files.isRegularFile(dir.resolve(rel))) {
        fetched.add(rel, Files.readAllBytes(dir.resolve(rel)));
      } else {
        fetched.absent(rel);
      }
    }
    return Verdict.parse(BrowserVerifier.verifyRun(fetched, dev.zkautograd.core.json.Json.writeString(browser.get("options"))));
  }

  static String page(String run, Integer step, String pinnedKey) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + run + (step == null ? "" : " step " + step) + "</title>"
        + "<script src=\"../../assets/verifier/verify-panel.js\" defer></script></head>\n"
        + "<body style=\"margin: 1rem; font-family: system-ui, sans-serif\"><h1>Run " + RUN + (step == null ? "" : ", step " + step) + "</h1>\n"
        + "<section class=\"zk-verify\" data-run=\"../../runs/" + run + "/\"" + (step == null ? "" : " data-step=\"" + step + "\"")
        + (pinnedKey == null ? "" : " data-key=\"" + pinnedKey + "\"") + "></section>\n</body></html>\n";
  }

  static Path screenshots() throws IOException {
    return Files.createDirectories(Path.of("target", "screenshots"));
  }

  private static void assertRow(Verdict v, String check, String result, String detailContains) {
    assertTrue(v.rows().stream().anyMatch(r -> r.check().equals(check) && r.result().equals(result) && r.detail().contains(detailContains)),
        () -> "no " + result + " row of " + check + " saying '" + detailContains + "' in " + v);
  }

  private static void assertFirstFailure(Verdict v, String check, String file, Long step, String reason) {
    assertFalse(v.passed(), v::toString);
    Verdict.Row first = v.failures().get(0);
    assertEquals(List.of(check, file, String.valueOf(step), reason),
        List.of(first.check(), String.valueOf(first.file()), String.valueOf(first.step()), String.valueOf(first.reason())), v::toString);
  }

  private static void assertFailure(Verdict v, String check, String file, Long step, String reason) {
    assertTrue(v.failures().stream().anyMatch(r -> r.check().equals(check) && file.equals(r.file())
        && java.util.Objects.equals(step, r.step()) && reason.equals(r.reason())),
        () -> "no FAIL of " + check + " in " + file + " step " + step + " " + reason + ": " + v);
  }

  // ---- tampering ----

  interface Edit {
    void apply(Path dir) throws IOException;
  }

  private void tamper(String name, Path from, Edit edit) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(q);
        else Files.copy(p, q);
      }
    }
    edit.apply(to);
    site.run(name, to);
  }

  static void flipByte(Path f, int at) throws IOException {
    byte[] b = Files.readAllBytes(f);
    b[at] ^= 0x40;
    Files.write(f, b);
  }

  static List<String> lines(Path f) throws IOException {
    return new ArrayList<>(List.of(Files.readString(f, StandardCharsets.UTF_8).split("\n", -1)));
  }

  static void editLine(Path f, int line, String from, String to) throws IOException {
    List<String> l = lines(f);
    assertTrue(l.get(line).contains(from), "line " + line + " of " + f + " has no " + from);
    l.set(line, l.get(line).replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    Files.writeString(f, String.join("\n", l), StandardCharsets.UTF_8);
  }

  static void swapLines(Path f, int a, int b) throws IOException {
    List<String> l = lines(f);
    String t = l.get(a);
    l.set(a, l.get(b));
    l.set(b, t);
    Files.writeString(f, String.join("\n", l), StandardCharsets.UTF_8);
  }

  static void dropLastLine(Path f) throws IOException {
    List<String> l = lines(f); // ends with "" after the final newline
    l.remove(l.size() - 2);
    Files.writeString(f, String.join("\n", l), StandardCharsets.UTF_8);
  }

  static void editCheckpointSignature(Path f) throws IOException {
    List<String> l = lines(f);
    int sig = l.size() - 2; // the last line before the final newline: "— name base64"
    String s = l.get(sig);
    int at = s.length() - 10;
    l.set(sig, s.substring(0, at) + (s.charAt(at) == 'A' ? 'B' : 'A') + s.substring(at + 1));
    Files.writeString(f, String.join("\n", l), StandardCharsets.UTF_8);
  }

  static void editAnchorRoot(Path f) throws IOException {
    String s = Files.readString(f, StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"root\":\"([0-9a-f])").matcher(s);
    assertTrue(m.find(), "no root in " + s);
    char c = m.group(1).charAt(0);
    Files.writeString(f, s.substring(0, m.start(1)) + (c == '0' ? '1' : '0') + s.substring(m.end(1)), StandardCharsets.UTF_8);
  }
}
