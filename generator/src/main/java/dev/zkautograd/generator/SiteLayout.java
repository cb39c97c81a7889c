package dev.zkautograd.generator;

/**
 * Where everything lives in a generated site ({@code docs/site.md}). Every link a page makes is
 * relative, built from these paths, so the site works under any sub-path (GitHub Pages project
 * sites) and from a local folder.
 *
 * <pre>
 * index.html                      the runs
 * assets/site.css                 the one stylesheet
 * assets/verifier/                the in-browser verifier (from the portal-wasm build)
 * runs/RUN/index.html             a run's page, with page 1 of its step table
 * runs/RUN/steps-N.html           page N ≥ 2 of the step table
 * runs/RUN/step-00042.html        a step's page
 * files/RUN/...                   the run's files, byte for byte (the torrents' web seed)
 * files/RUN.torrent               the run's torrent
 * </pre>
 */
public final class SiteLayout {
  /** The folder of the run files; with the site's base URL, the torrents' web seed. */
  public static final String FILES = "files";

  /** The folder of the run pages. */
  public static final String RUNS = "runs";

  /** Written into every generated site; only a folder holding it is ever emptied by the generator. */
  public static final String MARKER = ".zk-autograd-site";

  private SiteLayout() {}

  /** A run's page, from the site's root. */
  public static String runPage(String runId) {
    return RUNS + "/" + runId + "/index.html";
  }

  /** A run's folder of files, from the site's root, ending in {@code /}. */
  public static String filesDir(String runId) {
    return FILES + "/" + runId + "/";
  }

  /** A run's torrent, from the site's root. */
  public static String torrent(String runId) {
    return FILES + "/" + runId + ".torrent";
  }

  /** A step's page, beside the run's page. */
  public static String stepPage(long step) {
    String n = Long.toString(step);
    return "step-" + "00000".substring(Math.min(5, n.length())) + n + ".html";
  }

  /** Page {@code n} of the step table, beside the run's page (page 1 is the run's page itself). */
  public static String tablePage(int n) {
    return n == 1 ? "index.html#steps" : "steps-" + n + ".html";
  }

  /** From a page in {@code runs/RUN/} to the site's root. */
  static final String RUN_PAGE_ROOT = "../../";
}
