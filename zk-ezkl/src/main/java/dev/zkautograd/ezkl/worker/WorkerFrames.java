package dev.zkautograd.ezkl.worker;

import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The frame layer of the worker protocol (docs/formats/ezkl-worker-protocol.md): a frame is a
 * 4-byte big-endian length L with {@value #MIN_PAYLOAD} ≤ L ≤ {@value #MAX_PAYLOAD}, then L bytes
 * of UTF-8 JSON. The same limits hold in both directions.
 */
public final class WorkerFrames {
  /** Shortest payload: {@code {}}. */
  public static final int MIN_PAYLOAD = 2;

  /** Longest payload, 16 MiB. */
  public static final int MAX_PAYLOAD = 16 << 20;

  private WorkerFrames() {}

  /** Writes one frame and flushes. */
  public static void write(OutputStream out, byte[] payload) throws IOException {
    if (payload.length < MIN_PAYLOAD || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes is outside the frame limits");
    }
    int n = payload.length;
    out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(payload);
    out.flush();
  }

  /**
   * Reads one frame's payload, or returns null at a clean end of stream (before any header byte).
   *
   * @throws EzklException PROTOCOL for a length outside the limits or a stream that ends inside a frame
   */
  public static byte[] read(InputStream in) throws IOException, EzklException {
    byte[] header = new byte[4];
    int got = in.readNBytes(header, 0, 4);
    if (got == 0) {
      return null;
    }
    if (got < 4) {
      throw EzklException.of(Reason.PROTOCOL, "the worker's stream ends inside a frame header", 4 + " bytes", got + " bytes");
    }
    long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) {
      throw EzklException.of(Reason.PROTOCOL, "frame length outside the protocol's limits",
          "[" + MIN_PAYLOAD + ", " + MAX_PAYLOAD + "]", length);
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      throw EzklException.of(Reason.PROTOCOL, "the worker's stream ends inside a frame", length + " bytes", payload.length + " bytes");
    }
    return payload;
  }
}
