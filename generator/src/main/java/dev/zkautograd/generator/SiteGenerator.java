package dev.zkautograd.generator;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.PayloadTorrent;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.generator.page.Display;
import dev.zkautograd.generator.page.IndexPage;
import dev.zkautograd.generator.page.RunSummary;
import dev.zkautograd.generator.page.Skipped;
import dev.zkautograd.generator.page.TorrentView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders a folder of run directories into the static audit site ({@link SiteLayout}, {@code
 * docs/site.md}): an index, a page per run, the pages of its step table and a page per step, the
 * run files byte for byte, each run's torrent, the stylesheet and the in-browser verifier.
 *
 * <p>A run is read with {@link RunReader} (its structure, chain, roots and signatures are checked;
 * its proofs are not — that is what the verify panel, the companion and {@code zk-autograd verify}
 * do), so a folder that does not read is listed on the index with the reason instead of getting
 * pages. Output is a function of the runs and the options only (no time stamps), so generating twice
 * gives the same bytes.
 */
public final class SiteGenerator {
  private static final String OWN_ASSETS = "dev/zkautograd/generator/assets/";

  private final PageRenderer renderer = new PageRenderer();

  /**
   * Writes the site for the runs in {@code runsDir} (each a sub-folder with {@code
   * run_manifest.json}; or {@code runsDir} itself if it is one run) into {@code out}, which must be
   * absent, empty, or a site this generator wrote before (then it is replaced whole).
   */
  public SiteReport generate(Path runsDir, Path out, SiteOptions options) throws SiteException {
    long started = System.nanoTime();
    List<Path> candidates = discover(runsDir);
    prepareOut(runsDir, out);
    Counters c = new Counters();
    List<Skipped> skipped = new ArrayList<>();
    List<Rendered> rendered = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    List<Run> runs = new ArrayList<>();
    long totalSteps = 0;
    for (Path dir : candidates) {
      String folder = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
      try {
        Run run = RunReader.read(dir);
        String id = run.manifest().spec().runId();
        if (seen.containsKey(id)) {
          skipped.add(new Skipped(folder, "run id " + id + " is already on the site, from folder " + seen.get(id).getFileName()));
          continue;
        }
        seen.put(id, dir);
        runs.add(run);
        totalSteps += run.steps().size();
      } catch (CoreException e) {
        skipped.add(new Skipped(folder, e.getMessage()));
      }
    }
    options.progress().begin("writing pages", totalSteps + runs.size());
    try {
      for (Run run : runs) {
        rendered.add(render(run, seen.get(run.manifest().spec().runId()), out, options, c));
      }
      rendered.sort(Comparator.comparing((Rendered r) -> r.summary().created()).reversed().thenComparing(r -> r.summary().id()));
      List<RunSummary> summaries = new ArrayList<>();
      for (Rendered r : rendered) summaries.add(r.summary());
      c.html += renderer.write("index.jte", new IndexPage("", summaries, skipped), out.resolve("index.html"));
      c.pages++;
      copyAssets(out, VerifierAssets.fromClasspath(SiteGenerator.class.getClassLoader(), OWN_ASSETS), "assets");
      int verifierFiles = copyAssets(out, options.verifier(), VerifierAssets.SITE_FOLDER);
      List<String> ids = new ArrayList<>();
      for (RunSummary s : summaries) ids.add(s.id());
      return new SiteReport(ids, skipped, c.pages, c.html, c.runPage, c.stepPage, c.tablePage, c.files, c.fileBytes, verifierFiles,
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new SiteException(SiteException.Reason.IO, "cannot write the site into " + out + ": " + e.getMessage(), null, null, e);
    } finally {
      options.progress().end();
    }
  }

  /** What rendering one run left for the index. */
  private record Rendered(RunSummary summary) {}

  /** Sizes and counts, for the report. */
  private static final class Counters {
    long pages;
    long html;
    long runPage;
    long stepPage;
    long tablePage;
    long files;
    long fileBytes;
  }

  private Rendered render(Run run, Path dir, Path out, SiteOptions options, Counters c) throws IOException {
    RunManifest m = run.manifest();
    String id = m.spec().runId();
    Path files = out.resolve(SiteLayout.filesDir(id));
    long[] anchorsBytes = {-1};
    copyRun(dir, files, m, c, anchorsBytes);
    String[] torrentNote = {null};
    TorrentView torrent = torrent(run, dir, out, options.baseUrl(), torrentNote);
    RunPages pages = new RunPages(run, options.stepsPerPage());
    Path runDir = Files.createDirectories(out.resolve(SiteLayout.RUNS).resolve(id));
    long manifestBytes = Files.size(files.resolve(RunLayout.MANIFEST));
    long n = renderer.write("run.jte", pages.runPage(torrent, torrentNote[0], manifestBytes, anchorsBytes[0]), runDir.resolve("index.html"));
    c.runPage = Math.max(c.runPage, n);
    c.html += n;
    c.pages++;
    options.progress().advance();
    for (int p = 2; p <= pages.tablePages(); p++) {
      n = renderer.write("steps.jte", pages.tablePage(p), runDir.resolve(SiteLayout.tablePage(p)));
      c.tablePage = Math.max(c.tablePage, n);
      c.html += n;
      c.pages++;
    }
    renderStepPages(run, pages, runDir, options, c);
    return new Rendered(pages.summary());
  }

  /**
   * Writes {@code files/RUN.torrent}: the payload torrent the manifest records ({@link PayloadTorrent},
   * {@code docs/formats/torrent.md}), with the site's {@code files/} folder as web seed when the base
   * URL is known. No torrent for a run whose manifest names none, or whose files no longer have the
   * info-hash it records (the page says so; verify names the file).
   */
  private static TorrentView torrent(Run run, Path dir, Path out, String baseUrl, String[] note) throws IOException {
    RunManifest m = run.manifest();
    String id = m.spec().runId();
    if (m.torrent() == null) {
      note[0] = m.status() == RunManifest.Status.OPEN ? "The run is not finished: its torrent is made when it is."
          : "This run's manifest names no torrent (it was written before runs sealed one).";
      return null;
    }
    PayloadTorrent t;
    try {
      t = PayloadTorrent.of(id, m.files(), new DirectoryRunFiles(dir));
    } catch (CoreException e) {
      note[0] = "No torrent: " + e.getMessage();
      return null;
    }
    if (!t.infoHash().equals(m.torrent().infoHash())) {
      note[0] = "No torrent: the run's files do not have the info-hash its manifest records (" + m.torrent().infoHash()
          + "); verify the run to see which file changed.";
      return null;
    }
    String webSeed = baseUrl == null ? null : baseUrl + SiteLayout.FILES + "/";
    byte[] meta = t.metainfo(webSeed == null ? List.of() : List.of(webSeed));
    Files.write(out.resolve(SiteLayout.torrent(id)), meta);
    String magnet = m.torrent().magnet();
    if (baseUrl != null) {
      magnet += "&ws=" + URLEncoder.encode(webSeed, StandardCharsets.UTF_8) + "&xs="
          + URLEncoder.encode(baseUrl + SiteLayout.torrent(id), StandardCharsets.UTF_8);
    }
    return new TorrentView(t.infoHash(), magnet, SiteLayout.RUN_PAGE_ROOT + SiteLayout.torrent(id), Display.bytes(meta.length), webSeed);
  }

  /**
   * The step pages, on as many threads as there are processors (the pages are independent; the
   * precompiled templates are thread-safe), in contiguous slices so each thread writes its own files.
   */
  private void renderStepPages(Run run, RunPages pages, Path runDir, SiteOptions options, Counters c) throws IOException {
    int n = run.steps().size();
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 64));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<long[]>> slices = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = (int) ((long) t * n / threads);
        int to = (int) ((long) (t + 1) * n / threads);
        slices.add(pool.submit(() -> {
          long largest = 0;
          long bytes = 0;
          for (int i = from; i < to; i++) {
            long size = renderer.write("step.jte", pages.stepPage(i), runDir.resolve(SiteLayout.stepPage(run.steps().get(i).step())));
            largest = Math.max(largest, size);
            bytes += size;
            options.progress().advance();
          }
          return new long[] {largest, bytes, to - from};
        }));
      }
      for (java.util.concurrent.Future<long[]> f : slices) {
        long[] r = f.get();
        c.stepPage = Math.max(c.stepPage, r[0]);
        c.html += r[1];
        c.pages += r[2];
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing step pages", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Copies the run's files byte for byte: the listed ones, the manifest, and anchors.json when there is one. */
  private static void copyRun(Path dir, Path target, RunManifest m, Counters c, long[] anchorsBytes) throws IOException {
    List<String> names = new ArrayList<>();
    for (RunManifest.FileEntry f : m.files()) names.add(f.path().value());
    names.add(RunLayout.MANIFEST);
    if (m.status() == RunManifest.Status.OPEN) {
      // An open run lists nothing yet: its log files are what there is to show.
      for (String s : new String[] {RunLayout.STEPS, RunLayout.CHECKPOINT, RunLayout.MERKLE_ROOT}) {
        if (Files.exists(dir.resolve(s))) names.add(s);
      }
    }
    if (Files.exists(dir.resolve(RunLayout.ANCHORS))) {
      names.add(RunLayout.ANCHORS);
      anchorsBytes[0] = Files.size(dir.resolve(RunLayout.ANCHORS));
    }
    for (String name : names) {
      Path to = target.resolve(name);
      Files.createDirectories(to.getParent());
      Files.copy(dir.resolve(name), to, StandardCopyOption.REPLACE_EXISTING);
      c.files++;
      c.fileBytes += Files.size(to);
    }
  }

  private static int copyAssets(Path out, VerifierAssets assets, String folder) throws IOException {
    Map<String, byte[]> files = assets.files();
    Path base = out.resolve(folder).normalize();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path to = base.resolve(e.getKey()).normalize();
      if (!to.startsWith(base)) throw new IOException("asset path leaves its folder: " + e.getKey());
      Files.createDirectories(to.getParent());
      Files.write(to, e.getValue());
    }
    return files.size();
  }

  /** The run directories under {@code runsDir}, by folder name; hidden folders ({@code .private}, {@code .anchors}) are not runs. */
  static List<Path> discover(Path runsDir) throws SiteException {
    if (!Files.isDirectory(runsDir)) {
      throw new SiteException(SiteException.Reason.NO_RUNS, "--runs " + runsDir + (Files.exists(runsDir) ? " is not a folder" : " does not exist"));
    }
    if (Files.exists(runsDir.resolve(RunLayout.MANIFEST))) {
      return List.of(runsDir);
    }
    List<Path> found;
    try (Stream<Path> s = Files.list(runsDir)) {
      found = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")
          && Files.exists(p.resolve(RunLayout.MANIFEST))).sorted().toList();
    } catch (IOException e) {
      throw new SiteException(SiteException.Reason.IO, "cannot list " + runsDir + ": " + e.getMessage(), null, null, e);
    }
    if (found.isEmpty()) {
      throw new SiteException(SiteException.Reason.NO_RUNS, "no run directories (folders with " + RunLayout.MANIFEST + ") in " + runsDir);
    }
    return found;
  }

  /** Empties {@code out} if this generator wrote it, refuses any other non-empty folder, and never one holding the runs. */
  private static void prepareOut(Path runsDir, Path out) throws SiteException {
    Path runs = runsDir.toAbsolutePath().normalize();
    Path target = out.toAbsolutePath().normalize();
    if (runs.startsWith(target)) {
      throw new SiteException(SiteException.Reason.BAD_INPUT, "--out " + out + " holds the runs; replacing it would delete them",
          "a folder outside " + runsDir, out.toString(), null);
    }
    try {
      if (Files.exists(target)) {
        boolean empty;
        try (Stream<Path> s = Files.list(target)) {
          empty = s.findAny().isEmpty();
        }
        if (!empty) {
          if (!Files.exists(target.resolve(SiteLayout.MARKER))) {
            throw new SiteException(SiteException.Reason.OUT_NOT_EMPTY, "--out " + out + " is not empty and is not a site zk-autograd wrote",
                "an absent or empty folder, or an earlier site (with " + SiteLayout.MARKER + ")", "other files", null);
          }
          deleteTree(target);
        }
      }
      Files.createDirectories(target);
      Files.writeString(target.resolve(SiteLayout.MARKER), "written by zk-autograd site; the folder is replaced whole on the next run\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SiteException(SiteException.Reason.IO, "cannot prepare " + out + ": " + e.getMessage(), null, null, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (!p.equals(dir)) Files.delete(p);
    }
  }
}
