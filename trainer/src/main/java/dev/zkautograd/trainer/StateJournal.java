package dev.zkautograd.trainer;

import dev.zkautograd.core.CoreException;

/**
 * Where {@link ProvenTraining} keeps the state each step leads to, so that a run whose process is
 * killed continues from its last appended step with exactly the state that step ended in
 * (docs/trainer.md, "Crashes and resume"). The state of step t is saved before step t's record is
 * appended and dropped only once step t+1's record is: whenever the process dies, the state after
 * the log's last record is on disk.
 */
public interface StateJournal {

  /** Keeps nothing: a run that cannot be resumed. */
  StateJournal NONE = new StateJournal() {
    @Override
    public void save(long step, TrainingState after) {}

    @Override
    public void appended(long step) {}
  };

  /** Saves the state step {@code step} leads to; durable when this returns, before the step's record is appended. */
  void save(long step, TrainingState after) throws CoreException;

  /** Step {@code step}'s record is in the log: the states of earlier steps are no longer needed. */
  void appended(long step) throws CoreException;
}
