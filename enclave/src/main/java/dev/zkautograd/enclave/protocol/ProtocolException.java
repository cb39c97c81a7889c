package dev.zkautograd.enclave.protocol;

import java.util.Objects;

/**
 * A frame or payload that breaks prover protocol v1, or an {@code ERROR} frame received from the
 * service: the {@link ErrorCode} says which rule, and whether the connection can go on. Messages
 * never contain witness values.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int requestId;
  private final boolean closesConnection;

  public ProtocolException(ErrorCode code, int requestId, String message) {
    this(code, requestId, message, code.closesConnection());
  }

  private ProtocolException(ErrorCode code, int requestId, String message, boolean closes) {
    super(code + ": " + message);
    this.code = Objects.requireNonNull(code);
    this.requestId = requestId;
    this.closesConnection = closes;
  }

  /** A payload error that, unlike the code's default, ends the connection (nonzero header flags). */
  public static ProtocolException closing(ErrorCode code, int requestId, String message) {
    return new ProtocolException(code, requestId, message, true);
  }

  public ErrorCode code() {
    return code;
  }

  /** The request the error answers, 0 when the header was not read. */
  public int requestId() {
    return requestId;
  }

  /** Whether the connection must be closed after this error. */
  public boolean closesConnection() {
    return closesConnection;
  }

  /** The message without the code prefix. */
  public String detail() {
    String m = getMessage();
    return m.substring(m.indexOf(": ") + 2);
  }
}
