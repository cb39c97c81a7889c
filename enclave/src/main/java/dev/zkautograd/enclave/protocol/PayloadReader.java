package dev.zkautograd.enclave.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one frame's payload that parses the protocol's field encodings and refuses, as
 * {@link ErrorCode#MALFORMED} naming the field, anything short, oversized or left over. Lengths
 * are checked against the bytes that remain before anything is allocated.
 */
public final class PayloadReader {
  private final byte[] b;
  private final int requestId;
  private int at;

  public PayloadReader(byte[] payload, int requestId) {
    this.b = payload;
    this.requestId = requestId;
  }

  private void need(long n, String field) throws ProtocolException {
    if (n > b.length - at) {
      throw malformed(field, "needs " + n + " bytes, " + (b.length - at) + " remain");
    }
  }

  public ProtocolException malformed(String field, String detail) {
    return new ProtocolException(ErrorCode.MALFORMED, requestId, field + ": " + detail);
  }

  public int u8(String field) throws ProtocolException {
    need(1, field);
    return b[at++] & 0xff;
  }

  public int u16(String field) throws ProtocolException {
    need(2, field);
    int v = (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    at += 2;
    return v;
  }

  public long u32(String field) throws ProtocolException {
    need(4, field);
    long v = FrameCodec.getInt(b, at) & 0xffffffffL;
    at += 4;
    return v;
  }

  public long i64(String field) throws ProtocolException {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | (b[at + i] & 0xff);
    at += 8;
    return v;
  }

  /** A u64 that must not exceed {@code max}. */
  public long u64(String field, long max) throws ProtocolException {
    long v = i64(field);
    if (v < 0 || v > max) throw malformed(field, "value " + Long.toUnsignedString(v) + " exceeds " + max);
    return v;
  }

  public byte[] fixed(int n, String field) throws ProtocolException {
    need(n, field);
    byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
    at += n;
    return out;
  }

  public byte[] bytes16(String field, int max) throws ProtocolException {
    int n = u16(field);
    if (n > max) throw malformed(field, n + " bytes exceed the limit of " + max);
    return fixed(n, field);
  }

  public byte[] bytes32(String field, int max) throws ProtocolException {
    long n = u32(field);
    if (n > max) throw malformed(field, n + " bytes exceed the limit of " + max);
    return fixed((int) n, field);
  }

  public String str16(String field, int maxBytes) throws ProtocolException {
    byte[] raw = bytes16(field, maxBytes);
    try {
      CharBuffer c = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
      return c.toString();
    } catch (CharacterCodingException e) {
      throw malformed(field, "not well-formed UTF-8");
    }
  }

  /** An i64 array whose count must be {@code expected} (or, with -1, anything that fits). */
  public long[] i64s(String field) throws ProtocolException {
    long n = u32(field);
    need(n * 8, field);
    long[] out = new long[(int) n];
    for (int i = 0; i < n; i++) out[i] = i64(field);
    return out;
  }

  /** Refuses bytes after the payload's grammar ended. */
  public void end() throws ProtocolException {
    if (at != b.length) throw malformed("payload", (b.length - at) + " bytes after the last field");
  }
}
