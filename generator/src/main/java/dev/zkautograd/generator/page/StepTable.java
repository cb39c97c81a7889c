package dev.zkautograd.generator.page;

import java.util.List;

/** One page of a run's step table, with its pager. */
public record StepTable(List<StepRow> rows, Pager pager, long firstStep, long lastStep, long totalSteps) {
  public StepTable {
    rows = List.copyOf(rows);
  }
}
