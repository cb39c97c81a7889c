package dev.zkautograd.generator.page;

/** One chunk of a step on the step page: its parameter range, state roots and proof file. */
public record ChunkRow(int index, long offset, long length, String stateIn, String stateOut, Download proof) {}
