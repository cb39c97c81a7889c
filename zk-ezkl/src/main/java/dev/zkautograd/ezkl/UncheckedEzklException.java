package dev.zkautograd.ezkl;

/**
 * An {@link EzklException} through an interface that cannot declare it ({@code ProofBackend}): the
 * worker failed, which is not a verdict on a proof. Callers that know the EZKL backend catch it and
 * report the cause.
 */
public final class UncheckedEzklException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UncheckedEzklException(EzklException cause) {
    super(cause.getMessage(), cause);
  }

  @Override
  public synchronized EzklException getCause() {
    return (EzklException) super.getCause();
  }
}
