package dev.zkautograd.core.secret;

/**
 * The token a caller passes to read or import secret material.
 *
 * <p>It proves nothing and protects nothing at run time; it exists so that every place where a
 * signing key or seed leaves its {@link SecretBytes} wrapper names this class and can be found
 * with one search (the pattern of Tink's {@code InsecureSecretKeyAccess}). Obtain it only where
 * the secret really must cross the boundary: writing a key file, handing a seed to a KMS, tests.
 */
public final class InsecureSecretAccess {
  private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

  private InsecureSecretAccess() {}

  /** The token. Every call site is a place where secret bytes may be exposed: keep them few. */
  public static InsecureSecretAccess get() {
    return INSTANCE;
  }
}
