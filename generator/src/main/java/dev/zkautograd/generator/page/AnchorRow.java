package dev.zkautograd.generator.page;

/** One receipt of {@code anchors.json}, as the run page lists it; {@code ref} is its canonical JSON. */
public record AnchorRow(String kind, long counter, long treeSize, String root, String time, String ref) {}
