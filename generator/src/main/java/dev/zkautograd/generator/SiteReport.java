package dev.zkautograd.generator;

import dev.zkautograd.generator.page.Skipped;
import java.util.List;

/**
 * What {@link SiteGenerator} wrote.
 *
 * @param runs the run ids rendered, as on the index
 * @param skipped folders that looked like runs but did not read, with the reason
 * @param pages HTML pages written
 * @param htmlBytes their total size
 * @param largestRunPage, largestStepPage, largestTablePage the largest page of each kind, in bytes
 * @param copiedFiles, copiedBytes run files copied into the site
 * @param verifierFiles files of the in-browser verifier copied (0 when this build has none)
 * @param elapsedMs wall time of the whole generation
 */
public record SiteReport(List<String> runs, List<Skipped> skipped, long pages, long htmlBytes, long largestRunPage,
    long largestStepPage, long largestTablePage, long copiedFiles, long copiedBytes, int verifierFiles, long elapsedMs) {
  public SiteReport {
    runs = List.copyOf(runs);
    skipped = List.copyOf(skipped);
  }
}
