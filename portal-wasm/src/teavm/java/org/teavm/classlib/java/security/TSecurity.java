package org.teavm.classlib.java.security;

/**
 * {@code java.security.Security} for TeaVM, which has none: BouncyCastle reads its tuning properties
 * through it ({@code Properties.getPropertyValue}). A browser has no security properties, so every
 * lookup finds nothing and BouncyCastle keeps its defaults, as on a JVM where none are set. Left out
 * of the jar.
 */
public final class TSecurity {
  private TSecurity() {}

  public static String getProperty(String key) {
    return null;
  }
}
