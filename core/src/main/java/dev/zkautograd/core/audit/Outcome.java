package dev.zkautograd.core.audit;

/** The result of one check. A run passes its audit only if no check is {@link #FAIL}. */
public enum Outcome {
  /** The check was made and holds. */
  PASS,
  /** The check was made and does not hold. */
  FAIL,
  /** The check was not made (it depends on a failed one, does not apply, or this build cannot make it): not a pass. */
  SKIP
}
