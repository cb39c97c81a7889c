package dev.zkautograd.generator.page;

import java.util.List;

/**
 * A run's page.
 *
 * @param root the relative path from this page to the site's root ({@code ../../})
 * @param dataDir the relative path from this page to the run's folder of files, ending in {@code /}
 * @param lossSvg, proveSvg inline SVG figures (numbers only, no text from the run)
 * @param torrent null where the run has no torrent
 * @param torrentNote why there is no torrent, or null
 * @param attestation empty where the run carries no attestation or prover signature
 */
public record RunPage(String root, String dataDir, RunSummary run, List<Field> declaration, List<Field> figures, String lossSvg,
    String proveSvg, StepTable table, List<Field> log, String checkpoint, List<AnchorRow> anchors, TorrentView torrent,
    String torrentNote, List<Download> downloads, List<Field> attestation) {
  public RunPage {
    declaration = List.copyOf(declaration);
    figures = List.copyOf(figures);
    log = List.copyOf(log);
    anchors = List.copyOf(anchors);
    downloads = List.copyOf(downloads);
    attestation = List.copyOf(attestation);
  }
}
