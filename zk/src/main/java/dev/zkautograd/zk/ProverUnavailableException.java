package dev.zkautograd.zk;

/**
 * A prover could not be reached or stopped answering: the step was not proven, and may be
 * submitted again. Distinct from {@link VerificationException}, which says the statement or witness
 * was refused.
 */
public final class ProverUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProverUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
