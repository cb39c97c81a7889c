package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;

/**
 * Where the checks of a run report. One routine per check serves two callers: {@link
 * #FAIL_FAST}, with which {@link RunReader#read(java.nio.file.Path)} throws the first failure, and
 * the audit, which records every result and goes on with every check that does not depend on a
 * failed one.
 */
public interface RunFindings {

  /** {@code check} holds for the whole run; {@code detail} says what was checked. */
  void passed(RunCheck check, String detail);

  /**
   * {@code check} fails; {@code problem} names the file, the step and the field, and what was
   * expected. A fail-fast sink throws it; a recording sink returns, and the caller goes on.
   */
  void failed(RunCheck check, CoreException problem) throws CoreException;

  /** {@code check} could not be made (it depends on a failed one, or does not apply); {@code why}. */
  void skipped(RunCheck check, String why);

  /** Throws the first failure; passes and skips go nowhere. */
  RunFindings FAIL_FAST = new RunFindings() {
    @Override
    public void passed(RunCheck check, String detail) {}

    @Override
    public void failed(RunCheck check, CoreException problem) throws CoreException {
      throw problem;
    }

    @Override
    public void skipped(RunCheck check, String why) {}
  };
}
