package dev.zkautograd.enclave.service;

import dev.zkautograd.enclave.protocol.ErrorCode;
import dev.zkautograd.enclave.protocol.Frame;
import dev.zkautograd.enclave.protocol.FrameCodec;
import dev.zkautograd.enclave.protocol.FrameType;
import dev.zkautograd.enclave.protocol.Messages;
import dev.zkautograd.enclave.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;

/** A test client that writes arbitrary bytes to a real socket and reads the service's frames back. */
final class RawConnection implements AutoCloseable {
  final Socket socket;
  final InputStream in;

  RawConnection(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
  }

  RawConnection send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  Frame next() throws IOException, ProtocolException {
    return FrameCodec.read(in, Integer.MAX_VALUE - 8, FrameCodec.Deadline.NONE);
  }

  /** The next frame, which must be an ERROR; its code. */
  ErrorCode nextError() throws IOException, ProtocolException {
    Frame f = next();
    if (f == null || f.type() != FrameType.ERROR) throw new AssertionError("expected an ERROR frame, got " + f);
    return Messages.decodeError(f.payload(), f.requestId()).code();
  }

  /** Whether the service closed the connection (reads end of stream). */
  boolean closedByService() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true; // reset: closed all the same
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
