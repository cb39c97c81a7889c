package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteCommandTest {
  @TempDir Path work;

  @Test
  void writesTheSiteAndSaysWhere() throws Exception {
    Path runs = work.resolve("artifacts");
    SyntheticRun.write(runs.resolve("run-a"), work.resolve("anchors"), "run-a", 3, 2, 64);
    Path out = work.resolve("site");
    Cli c = Cli.run("site", "--runs", runs.toString(), "--out", out.toString(), "--base-url", "https://example.org/audit");
    assertEquals(0, c.exit(), c.toString());
    assertTrue(c.out().contains("1 run, 5 pages"), c.toString());
    assertTrue(Files.exists(out.resolve("runs/run-a/index.html")));
    assertTrue(Files.exists(out.resolve("files/run-a/run_manifest.json")));
  }

  @Test
  void aFolderThatDoesNotReadIsListedAndExitsOne() throws Exception {
    Path runs = work.resolve("artifacts");
    SyntheticRun.write(runs.resolve("run-a"), work.resolve("anchors"), "run-a", 1, 1, 64);
    Files.createDirectories(runs.resolve("run-b"));
    Files.writeString(runs.resolve("run-b/run_manifest.json"), "not json");
    Cli c = Cli.run("site", "--runs", runs.toString(), "--out", work.resolve("site").toString());
    assertEquals(Main.EXIT_CHECK_FAILED, c.exit(), c.toString());
    assertTrue(c.err().contains("run-b did not read: "), c.toString());
  }

  @Test
  void unusableInputExitsTwoWithOneLine() throws Exception {
    Cli c = Cli.run("site", "--runs", work.resolve("none").toString(), "--out", work.resolve("site").toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c.toString());
    assertTrue(c.err().startsWith("zk-autograd: --runs "), c.toString());
    Files.writeString(work.resolve("mine.txt"), "x");
    SyntheticRun.write(work.resolve("artifacts/run-a"), work.resolve("anchors"), "run-a", 1, 1, 64);
    c = Cli.run("site", "--runs", work.resolve("artifacts").toString(), "--out", work.toString() + "/other", "--steps-per-page", "3");
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c.toString());
    c = Cli.run("site", "--runs", work.resolve("artifacts").toString(), "--out", work.toString());
    assertEquals(Main.EXIT_BAD_INPUT, c.exit(), c.toString());
    assertTrue(Files.exists(work.resolve("mine.txt")));
  }
}
