package dev.zkautograd.cli;

import dev.zkautograd.generator.SiteException;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.SiteReport;
import dev.zkautograd.generator.VerifierAssets;
import dev.zkautograd.generator.page.Display;
import dev.zkautograd.generator.page.Skipped;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zk-autograd site}: renders a folder of runs into the static audit site ({@code docs/site.md}).
 * The in-browser verifier comes from the portal-wasm module's class-path resources; this command is
 * where every module is on the class path, so it hands them to the generator ({@link VerifierAssets}).
 */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Renders the runs under --runs into a static site under --out: an index, a page per run (loss curve, prove times, "
        + "step table, log, checkpoint, anchors, torrent, downloads), a page per step, the run files and the in-browser verifier. "
        + "Every link is relative, so the folder can be published under any sub-path.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the site was written with every run", "1:the site was written, but some folders did not read (listed on its index)",
        "2:unusable input: no runs, an --out folder that is not a site, a bad option", "3:internal error (a bug)"})
final class SiteCommand implements Callable<Integer> {
  /** Where the portal-wasm build puts the verifier's files on the class path (the contract with that module). */
  static final String VERIFIER_RESOURCES = "dev/zkautograd/portal/assets/verifier/";

  @Option(names = "--runs", defaultValue = "artifacts", paramLabel = "DIR",
      description = "folder of run directories, or one run directory (default: ${DEFAULT-VALUE})")
  Path runs;

  @Option(names = "--out", defaultValue = "build/site", paramLabel = "DIR",
      description = "the site folder: absent, empty, or a site written before, which is replaced whole (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "the site's public URL (e.g. https://owner.github.io/repo/): the torrents' web seeds and the magnet links' ws= use it")
  String baseUrl;

  @Option(names = "--steps-per-page", defaultValue = "" + SiteOptions.DEFAULT_STEPS_PER_PAGE, paramLabel = "N",
      description = "rows per page of a run's step table, 10 to 1000 (default: ${DEFAULT-VALUE})")
  int stepsPerPage;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SiteException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressOnStderr progress = new ProgressOnStderr(err, VerifyCommand.PROGRESS_MIN_UNITS);
    SiteOptions options = SiteOptions.builder().baseUrl(baseUrl).stepsPerPage(stepsPerPage)
        .verifier(VerifierAssets.fromClasspath(SiteCommand.class.getClassLoader(), VERIFIER_RESOURCES)).progress(progress).build();
    SiteReport r;
    try {
      r = new SiteGenerator().generate(runs, this.out, options);
    } finally {
      progress.end();
    }
    out.println("site    " + this.out + "  (" + r.runs().size() + (r.runs().size() == 1 ? " run, " : " runs, ") + r.pages() + " pages, "
        + Display.bytes(r.htmlBytes()) + " of HTML, " + r.copiedFiles() + " run files (" + Display.bytes(r.copiedBytes()) + "), in "
        + Display.millis(r.elapsedMs()) + ")");
    out.println("largest run page " + Display.bytes(r.largestRunPage()) + ", step page " + Display.bytes(r.largestStepPage())
        + (r.largestTablePage() == 0 ? "" : ", step-table page " + Display.bytes(r.largestTablePage())));
    out.println(r.verifierFiles() == 0
        ? "verifier: not in this build (pages show the verify section without it)"
        : "verifier: " + r.verifierFiles() + " files in assets/verifier/");
    out.println("open    " + this.out.resolve("index.html") + "  (or: zk-autograd serve --site " + this.out + " --runs " + runs + ")");
    for (Skipped s : r.skipped()) {
      err.println("zk-autograd site: " + s.folder() + " did not read: " + s.reason());
    }
    out.flush();
    return r.skipped().isEmpty() ? 0 : Main.EXIT_CHECK_FAILED;
  }
}
