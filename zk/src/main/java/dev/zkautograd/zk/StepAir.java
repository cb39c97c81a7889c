package dev.zkautograd.zk;

import dev.zkautograd.zk.air.Air;

/**
 * The AIR of one optimizer step over one chunk: its statement is a {@link StepStatement}, and its
 * two STATE segments, named {@link #STATE_IN} and {@link #STATE_OUT}, hold the model state before
 * and after the step (their roots are the proof's public inputs).
 */
public interface StepAir extends Air {
  /** Segment holding the state before the step. */
  String STATE_IN = "state_in";
  /** Segment holding the state after the step. */
  String STATE_OUT = "state_out";

  /** The statement this AIR proves. */
  StepStatement stepStatement();
}
