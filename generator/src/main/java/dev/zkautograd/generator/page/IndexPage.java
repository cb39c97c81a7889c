package dev.zkautograd.generator.page;

import java.util.List;

/** The site's index: every run, newest first, and the folders that did not read. */
public record IndexPage(String root, List<RunSummary> runs, List<Skipped> skipped) {
  public IndexPage {
    runs = List.copyOf(runs);
    skipped = List.copyOf(skipped);
  }
}
