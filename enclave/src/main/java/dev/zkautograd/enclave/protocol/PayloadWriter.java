package dev.zkautograd.enclave.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a payload in the protocol's field encodings (the inverse of {@link PayloadReader}). */
public final class PayloadWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public PayloadWriter u8(int v) {
    out.write(v);
    return this;
  }

  public PayloadWriter u16(int v) {
    if (v < 0 || v > 0xffff) throw new IllegalArgumentException("u16 out of range: " + v);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  public PayloadWriter u32(long v) {
    if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("u32 out of range: " + v);
    for (int i = 3; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    return this;
  }

  public PayloadWriter i64(long v) {
    for (int i = 7; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    return this;
  }

  public PayloadWriter fixed(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  public PayloadWriter bytes16(byte[] b) {
    return u16(b.length).fixed(b);
  }

  public PayloadWriter bytes32(byte[] b) {
    return u32(b.length).fixed(b);
  }

  public PayloadWriter str16(String s) {
    return bytes16(s.getBytes(StandardCharsets.UTF_8));
  }

  public PayloadWriter i64s(long[] values) {
    u32(values.length);
    byte[] b = new byte[values.length * 8];
    for (int i = 0; i < values.length; i++) {
      long v = values[i];
      for (int j = 0; j < 8; j++) b[i * 8 + j] = (byte) (v >>> (56 - 8 * j));
    }
    return fixed(b);
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }
}
