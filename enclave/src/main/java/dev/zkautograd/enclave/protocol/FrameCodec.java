package dev.zkautograd.enclave.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads and writes frames ({@code docs/formats/prover-protocol.md}, "Header"). The header is
 * checked before any payload byte is read, and the payload buffer grows only as bytes arrive, so a
 * peer that announces a large frame and sends nothing costs nothing. Timing is the caller's: a
 * {@link Deadline} is told when a frame starts and asked before every read.
 */
public final class FrameCodec {
  private static final int READ_PIECE = 64 << 10;

  private FrameCodec() {}

  /** How long reads may wait; a socket implementation sets its timeout from it. */
  public interface Deadline {
    /** Before the first byte of a frame: wait at most the idle timeout. */
    void awaitingFrame() throws IOException;

    /** After the first byte: the rest of the frame must arrive by the read deadline. */
    void frameStarted();

    /**
     * Before each further read.
     *
     * @throws ProtocolException TIMEOUT once the frame's deadline has passed
     */
    void beforeRead(int requestId) throws ProtocolException, IOException;

    /** No timing: for bytes already in memory. */
    Deadline NONE = new Deadline() {
      @Override
      public void awaitingFrame() {}

      @Override
      public void frameStarted() {}

      @Override
      public void beforeRead(int requestId) {}
    };
  }

  /**
   * Reads the next frame, or returns null if the stream ended cleanly between frames.
   *
   * @throws ProtocolException for every rule the bytes break (the code says whether the stream can
   *     go on: after UNKNOWN_TYPE the payload has been consumed)
   * @throws IOException when the transport fails
   */
  public static Frame read(InputStream in, int maxPayload, Deadline deadline) throws ProtocolException, IOException {
    byte[] header = new byte[Frame.HEADER_BYTES];
    deadline.awaitingFrame();
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      throw new ProtocolException(ErrorCode.TIMEOUT, 0, "no frame arrived within the idle timeout");
    }
    if (first < 0) {
      return null;
    }
    deadline.frameStarted();
    header[0] = (byte) first;
    readFully(in, header, 1, Frame.HEADER_BYTES - 1, 0, deadline, "header");
    int magic = getInt(header, 0);
    if (magic != Frame.MAGIC) {
      throw new ProtocolException(ErrorCode.BAD_MAGIC, 0, "a frame starts with \"ZKPV\" (5a4b5056), found " + hex(header, 0, 4));
    }
    int requestId = getInt(header, 8);
    int version = header[4] & 0xff;
    if (version != Frame.VERSION) {
      throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, requestId,
          "this service speaks prover protocol version " + Frame.VERSION + ", the frame has version " + version);
    }
    int flags = (header[6] & 0xff) << 8 | (header[7] & 0xff);
    if (flags != 0) {
      throw ProtocolException.closing(ErrorCode.MALFORMED, requestId, "header flags are reserved and must be 0, found " + flags);
    }
    long length = getInt(header, 12) & 0xffffffffL;
    if (length > maxPayload) {
      throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, requestId,
          "payload of " + length + " bytes exceeds the limit of " + maxPayload + " bytes");
    }
    byte[] payload = new byte[(int) Math.min(length, READ_PIECE)];
    int have = 0;
    while (have < length) {
      if (have == payload.length) {
        payload = Arrays.copyOf(payload, (int) Math.min(length, (long) payload.length * 2));
      }
      int n = Math.min(payload.length, (int) length) - have;
      readFully(in, payload, have, n, requestId, deadline, "payload");
      have += n;
    }
    int code = header[5] & 0xff;
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, requestId, "frame type " + code + " is not defined in version 1");
    }
    return new Frame(type, requestId, payload);
  }

  /** Decodes exactly one frame from {@code bytes} (the fuzz and vector tests' entry point). */
  public static Frame decode(byte[] bytes, int maxPayload) throws ProtocolException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    try {
      Frame f = read(in, maxPayload, Deadline.NONE);
      if (f == null) {
        throw new ProtocolException(ErrorCode.TRUNCATED, 0, "no bytes");
      }
      if (in.available() > 0) {
        throw new ProtocolException(ErrorCode.MALFORMED, f.requestId(), in.available() + " bytes after the frame");
      }
      return f;
    } catch (IOException e) {
      throw new AssertionError("a byte array does not fail", e);
    }
  }

  /** Writes one frame and flushes. */
  public static void write(OutputStream out, Frame frame) throws IOException {
    out.write(frame.encode());
    out.flush();
  }

  private static void readFully(InputStream in, byte[] b, int off, int len, int requestId, Deadline deadline, String part)
      throws ProtocolException, IOException {
    int done = 0;
    while (done < len) {
      deadline.beforeRead(requestId);
      int n;
      try {
        n = in.read(b, off + done, len - done);
      } catch (SocketTimeoutException e) {
        throw new ProtocolException(ErrorCode.TIMEOUT, requestId, "the frame's " + part + " did not arrive within the read timeout");
      }
      if (n < 0) {
        throw new ProtocolException(ErrorCode.TRUNCATED, requestId, "the stream ended inside the frame's " + part + " ("
            + (off + done) + " of " + (off + len) + " bytes)");
      }
      done += n;
    }
  }

  static int getInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  private static String hex(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) s.append(String.format("%02x", b[i] & 0xff));
    return s.toString();
  }
}
