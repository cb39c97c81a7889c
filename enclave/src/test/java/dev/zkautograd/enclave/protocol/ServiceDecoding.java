package dev.zkautograd.enclave.protocol;

/** What a service does with one frame's bytes, short of proving: decode the frame and its request payload. */
final class ServiceDecoding {
  private ServiceDecoding() {}

  /** Decodes {@code bytes} as a service would; returns the frame or throws the error it would answer. */
  static Frame decode(byte[] bytes, int maxPayload) throws ProtocolException {
    Frame f = FrameCodec.decode(bytes, maxPayload);
    switch (f.type()) {
      case PROVE -> Messages.decodeProve(f.payload(), f.requestId());
      case ATTEST -> Messages.decodeAttest(f.payload(), f.requestId());
      case STATUS -> {
        if (f.length() != 0) throw new ProtocolException(ErrorCode.MALFORMED, f.requestId(), "STATUS has an empty payload");
      }
      case STATUS_REPORT -> Messages.decodeStatus(f.payload(), f.requestId());
      case PROVEN -> Messages.decodeProven(f.payload(), f.requestId());
      case ATTESTATION -> Messages.decodeAttestation(f.payload(), f.requestId());
      case ERROR -> Messages.decodeError(f.payload(), f.requestId());
    }
    return f;
  }
}
