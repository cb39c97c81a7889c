package dev.zkautograd.enclave.protocol;

import java.util.Objects;

/**
 * One frame of prover protocol v1: its type, the request id it carries, and its payload bytes
 * (parsed by {@link Messages}). Immutable.
 */
public record Frame(FrameType type, int requestId, byte[] payload) {
  /** Bytes of the fixed header. */
  public static final int HEADER_BYTES = 16;
  /** "ZKPV". */
  public static final int MAGIC = 0x5a4b5056;
  public static final int VERSION = 1;
  /** The service's default payload limit. */
  public static final int DEFAULT_MAX_PAYLOAD = 64 << 20;

  public Frame {
    Objects.requireNonNull(type);
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length without copying. */
  public int length() {
    return payload.length;
  }

  /** The whole frame on the wire: header and payload. */
  public byte[] encode() {
    byte[] out = new byte[HEADER_BYTES + payload.length];
    putInt(out, 0, MAGIC);
    out[4] = (byte) VERSION;
    out[5] = (byte) type.code();
    putInt(out, 8, requestId);
    putInt(out, 12, payload.length);
    System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
    return out;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f && f.type == type && f.requestId == requestId && java.util.Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + requestId;
  }

  @Override
  public String toString() {
    return "Frame[" + type + " #" + Integer.toUnsignedString(requestId) + ", " + payload.length + " bytes]";
  }
}
