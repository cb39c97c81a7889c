package dev.zkautograd.generator.page;

/** A folder that looked like a run but did not read: listed on the index with the reason, without pages. */
public record Skipped(String folder, String reason) {}
