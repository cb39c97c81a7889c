package dev.zkautograd.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteGeneratorTest {
  static final String LONG = "run-20261124-101500";
  static final String SHORT = "run-20261125-090000";
  static final VerifierAssets STAND_IN_VERIFIER = () -> Map.of("verify-panel.js", "/* stand-in */".getBytes(StandardCharsets.UTF_8),
      "wasm/classes.wasm", new byte[] {0, 'a', 's', 'm'});

  @TempDir static Path work;
  static Path runs;
  static Path site;
  static SiteReport report;

  @BeforeAll
  static void writeRunsAndSite() throws Exception {
    runs = work.resolve("artifacts");
    TestRuns.write(runs.resolve(LONG), runs.resolve(".anchors"), LONG, "2026-11-24T10:15:00Z", 120, Map.of("name", "tiny <script>alert(1)</script>"));
    TestRuns.write(runs.resolve(SHORT), runs.resolve(".anchors"), SHORT, "2026-11-25T09:00:00Z", 3, Map.of("name", "small"));
    Files.createDirectories(runs.resolve("broken-run"));
    Files.writeString(runs.resolve("broken-run").resolve(RunLayout.MANIFEST), "{\"format\": 1}");
    Files.createDirectories(runs.resolve(".private").resolve("x"));
    Files.writeString(runs.resolve(".private").resolve("x").resolve(RunLayout.MANIFEST), "{}");
    site = work.resolve("site");
    report = new SiteGenerator().generate(runs, site, options());
  }

  @Test
  void indexListsRunsNewestFirstAndFoldersThatDidNotRead() throws IOException {
    assertEquals(List.of(SHORT, LONG), report.runs());
    assertEquals(1, report.skipped().size());
    assertEquals("broken-run", report.skipped().get(0).folder());
    String index = read("index.html");
    assertTrue(index.indexOf(SHORT) < index.indexOf(LONG), "newest first");
    assertTrue(index.contains("href=\"runs/" + LONG + "/index.html\""));
    assertTrue(index.contains("broken-run"));
    assertFalse(index.contains(".private"), "hidden folders are not runs");
    assertFalse(index.contains("zk-verify"), "the index has no verify section");
  }

  @Test
  void everyLinkOfEveryPageIsRelativeAndResolves() throws IOException {
    assertEquals(List.of(), SiteLinks.broken(site));
  }

  @Test
  void runPageHasFiguresTablePagerVerifySectionAndDownloads() throws IOException {
    String page = read("runs/" + LONG + "/index.html");
    assertTrue(page.contains("<section class=\"zk-verify\" data-run=\"../../files/" + LONG + "/\">"), "verify section without data-step");
    assertTrue(page.contains("<script src=\"../../assets/verifier/verify-panel.js\" defer></script>"));
    assertEquals(2, count(page, "<svg class=\"chart\""), "loss curve and prove-time timeline");
    assertTrue(page.contains("href=\"steps-3.html\""), "120 steps at 50 a page: three table pages");
    assertEquals(50, count(page, "<tr><td data-label=\"step\">"));
    assertTrue(page.contains("quantisation error, max"));
    assertTrue(page.contains("file-counter"), "anchors table");
    assertTrue(page.contains("href=\"../../files/" + LONG + "/steps.jsonl\""));
    assertTrue(page.contains("href=\"../../files/" + LONG + "/proofs/step_00000/chunk_000.proof\""));
    assertFalse(page.contains("<script>alert(1)</script>"), "run data is escaped");
    assertTrue(page.contains("tiny &lt;script&gt;alert(1)&lt;/script&gt;"));
    String last = read("runs/" + LONG + "/steps-3.html");
    assertEquals(20, count(last, "<tr><td data-label=\"step\">"));
    assertTrue(last.contains("Steps 100–119 of 120"));
  }

  @Test
  void stepPageHasRecordDigestsChunksAndVerifySectionForItsStep() throws Exception {
    String page = read("runs/" + LONG + "/step-00042.html");
    assertTrue(page.contains("<section class=\"zk-verify\" data-run=\"../../files/" + LONG + "/\" data-step=\"42\">"));
    var record = RunReader.read(runs.resolve(LONG)).steps().get(42);
    assertTrue(page.contains(record.chain().hex()));
    assertTrue(page.contains(record.leafHash().hex()));
    assertTrue(page.contains(record.chunks().get(1).proofSha256().hex()));
    assertTrue(page.contains("href=\"step-00041.html\"") && page.contains("href=\"step-00043.html\""));
    assertFalse(read("runs/" + LONG + "/step-00000.html").contains("rel=\"prev\""));
    assertFalse(read("runs/" + LONG + "/step-00119.html").contains("rel=\"next\""));
  }

  @Test
  void runFilesAreCopiedByteForByteAndTheCopyStillReads() throws Exception {
    Path original = runs.resolve(LONG);
    Path copy = site.resolve("files").resolve(LONG);
    assertEquals(files(original).keySet(), files(copy).keySet());
    for (String f : files(original).keySet()) {
      assertArrayEquals(Files.readAllBytes(original.resolve(f)), Files.readAllBytes(copy.resolve(f)), f);
    }
    RunReader.read(copy).checkFiles();
  }

  @Test
  void verifierAssetsAreCopiedUnderAssetsVerifier() throws IOException {
    assertEquals(2, report.verifierFiles());
    assertEquals("/* stand-in */", read("assets/verifier/verify-panel.js"));
    assertTrue(Files.exists(site.resolve("assets/verifier/wasm/classes.wasm")));
    assertTrue(Files.exists(site.resolve("assets/site.css")));
  }

  @Test
  void generatingAgainReplacesTheSiteWithTheSameBytes(@TempDir Path other) throws Exception {
    Path again = other.resolve("site");
    new SiteGenerator().generate(runs, again, options());
    Files.writeString(again.resolve("stale.html"), "left over");
    new SiteGenerator().generate(runs, again, options());
    assertFalse(Files.exists(again.resolve("stale.html")), "the earlier site is replaced whole");
    Map<String, byte[]> a = files(site);
    Map<String, byte[]> b = files(again);
    assertEquals(a.keySet(), b.keySet());
    for (String f : a.keySet()) assertArrayEquals(a.get(f), b.get(f), f);
  }

  @Test
  void refusesAFolderItDidNotWriteAndOneHoldingTheRuns(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("notes.txt"), "mine");
    SiteException e = assertThrows(SiteException.class, () -> new SiteGenerator().generate(runs, other, SiteOptions.defaults()));
    assertEquals(SiteException.Reason.OUT_NOT_EMPTY, e.reason());
    assertTrue(Files.exists(other.resolve("notes.txt")), "nothing deleted");
    e = assertThrows(SiteException.class, () -> new SiteGenerator().generate(runs, runs.getParent(), SiteOptions.defaults()));
    assertEquals(SiteException.Reason.BAD_INPUT, e.reason());
    e = assertThrows(SiteException.class, () -> new SiteGenerator().generate(other.resolve("none"), other.resolve("s"), SiteOptions.defaults()));
    assertEquals(SiteException.Reason.NO_RUNS, e.reason());
  }

  @Test
  void eachRunGetsItsTorrentAndARunWhoseFilesChangedGetsNone(@TempDir Path other) throws Exception {
    assertTrue(Files.exists(site.resolve("files/" + LONG + ".torrent")));
    var manifest = RunReader.read(runs.resolve(LONG)).manifest();
    var torrent = dev.zkautograd.core.torrent.TorrentFile.parse(Files.readAllBytes(site.resolve("files/" + LONG + ".torrent")));
    assertEquals(manifest.torrent().infoHash(), torrent.infoHash());
    assertEquals(List.of(), torrent.webSeeds(), "no base URL, no web seed");
    assertTrue(read("runs/" + LONG + "/index.html").contains("href=\"" + manifest.torrent().magnet().replace("&", "&amp;") + "\""));

    Path changed = other.resolve("artifacts");
    TestRuns.write(changed.resolve("run-c"), other.resolve("anchors"), "run-c", "2026-11-24T10:15:00Z", 2, Map.of());
    Path proof = changed.resolve("run-c/proofs/step_00001/chunk_001.proof");
    byte[] b = Files.readAllBytes(proof);
    b[0] ^= 1;
    Files.write(proof, b);
    new SiteGenerator().generate(changed, other.resolve("site"), SiteOptions.builder().baseUrl("https://example.org/audit").build());
    assertFalse(Files.exists(other.resolve("site/files/run-c.torrent")));
    assertTrue(Files.readString(other.resolve("site/runs/run-c/index.html"))
        .contains("files do not have the info-hash its manifest records"));
  }

  @Test
  void optionsRefuseValuesOutOfRange() {
    assertThrows(SiteException.class, () -> SiteOptions.builder().stepsPerPage(5));
    assertThrows(SiteException.class, () -> SiteOptions.builder().baseUrl("ftp://example.org/x"));
    assertThrows(SiteException.class, () -> SiteOptions.builder().baseUrl("runs/"));
    assertThrows(SiteException.class, () -> SiteOptions.builder().baseUrl("https://example.org/x?y=1"));
  }

  static SiteOptions options() throws SiteException {
    return SiteOptions.builder().stepsPerPage(50).verifier(STAND_IN_VERIFIER).build();
  }

  private static String read(String path) throws IOException {
    return Files.readString(site.resolve(path));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) n++;
    return n;
  }

  static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
    }
    return out;
  }
}
