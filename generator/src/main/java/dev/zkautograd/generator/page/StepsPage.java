package dev.zkautograd.generator.page;

/** Page 2 and later of a run's step table (page 1 is on the run page). */
public record StepsPage(String root, RunSummary run, String runHref, StepTable table) {}
