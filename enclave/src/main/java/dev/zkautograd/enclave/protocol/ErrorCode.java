package dev.zkautograd.enclave.protocol;

/**
 * The error codes of an {@code ERROR} frame, and whether the service closes the connection after
 * sending one ({@code docs/formats/prover-protocol.md}, "Errors"): a framing error leaves the stream
 * without a known next frame boundary, so the connection cannot go on; a payload error can.
 */
public enum ErrorCode {
  BAD_MAGIC(1, true),
  UNSUPPORTED_VERSION(2, true),
  FRAME_TOO_LARGE(3, true),
  TRUNCATED(4, true),
  UNKNOWN_TYPE(5, false),
  MALFORMED(6, false),
  WITNESS_REJECTED(7, false),
  TIMEOUT(8, true),
  BUSY(9, false),
  INTERNAL(10, false),
  SHUTTING_DOWN(11, true);

  private final int code;
  private final boolean closes;

  ErrorCode(int code, boolean closes) {
    this.code = code;
    this.closes = closes;
  }

  public int code() {
    return code;
  }

  /** Whether the connection is closed after this error. */
  public boolean closesConnection() {
    return closes;
  }

  /** The code's constant, or null for a code this version does not know. */
  public static ErrorCode of(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) return c;
    }
    return null;
  }
}
