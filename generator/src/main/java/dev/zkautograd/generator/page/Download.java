package dev.zkautograd.generator.page;

/**
 * A file a page offers for download.
 *
 * @param sha256 its digest as the run states it, or null where the run states none
 * @param note what the file is
 */
public record Download(String name, String href, String size, String sha256, String note) {}
