package javax.security.auth;

/** The JDK's {@code DestroyFailedException}, for TeaVM only (see {@link Destroyable}). */
public class DestroyFailedException extends Exception {
  private static final long serialVersionUID = -7790152857282749162L;

  public DestroyFailedException() {}

  public DestroyFailedException(String msg) {
    super(msg);
  }
}
