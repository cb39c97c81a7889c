package dev.zkautograd.generator.page;

import java.util.List;

/**
 * A step's page.
 *
 * @param dataDir the relative path from this page to the run's folder of files, ending in {@code /}
 * @param prev the previous step's page, or null for step 0
 * @param next the next step's page, or null for the last step
 * @param line the record's canonical line, as in {@code steps.jsonl}
 */
public record StepPage(String root, String dataDir, RunSummary run, String runHref, long step, List<Field> record,
    List<Field> digests, List<ChunkRow> chunks, List<Field> signature, String line, String prev, String next) {
  public StepPage {
    record = List.copyOf(record);
    digests = List.copyOf(digests);
    chunks = List.copyOf(chunks);
    signature = List.copyOf(signature);
  }
}
