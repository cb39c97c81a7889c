package dev.zkautograd.generator.page;

import java.util.List;

/** One row of a run's step table. */
public record StepRow(long step, String href, String loss, String proveMs, String quantMax, String stateOut, List<Link> proofs) {
  public StepRow {
    proofs = List.copyOf(proofs);
  }
}
