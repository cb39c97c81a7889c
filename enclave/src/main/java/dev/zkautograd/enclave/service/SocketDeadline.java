package dev.zkautograd.enclave.service;

import dev.zkautograd.enclave.protocol.ErrorCode;
import dev.zkautograd.enclave.protocol.FrameCodec;
import dev.zkautograd.enclave.protocol.ProtocolException;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * Frame timing on a socket: the idle timeout while waiting for a frame's first byte, then one
 * deadline for the whole rest of the frame. Each read's socket timeout is what is left of that
 * deadline, so trickling bytes does not extend it.
 */
final class SocketDeadline implements FrameCodec.Deadline {
  private final Socket socket;
  private final int idleMillis;
  private final long readNanos;
  private long deadline;

  SocketDeadline(Socket socket, Duration idle, Duration read) {
    this.socket = socket;
    this.idleMillis = (int) Math.min(Integer.MAX_VALUE, idle.toMillis());
    this.readNanos = read.toNanos();
  }

  @Override
  public void awaitingFrame() throws IOException {
    socket.setSoTimeout(idleMillis);
  }

  @Override
  public void frameStarted() {
    deadline = System.nanoTime() + readNanos;
  }

  @Override
  public void beforeRead(int requestId) throws ProtocolException, IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new ProtocolException(ErrorCode.TIMEOUT, requestId, "the frame did not arrive within the read timeout of "
          + Duration.ofNanos(readNanos).toMillis() + " ms");
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
  }
}
