package javax.security.auth;

/**
 * The JDK's {@code Destroyable}, for TeaVM only: BouncyCastle's key classes implement it and TeaVM's
 * class library lacks it. Compiled with {@code --release 8} (a module-free build may define a class
 * of this package) and left out of the jar, so the JVM always uses its own.
 */
public interface Destroyable {
  default void destroy() throws DestroyFailedException {
    throw new DestroyFailedException();
  }

  default boolean isDestroyed() {
    return false;
  }
}
