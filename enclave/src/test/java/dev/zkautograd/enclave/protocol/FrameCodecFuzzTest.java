package dev.zkautograd.enclave.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the service's parser of untrusted bytes (frame header and every payload
 * grammar): nothing but {@link ProtocolException} may escape, and nothing may be allocated past
 * the limit. In the normal test run it replays the seed corpus in {@code
 * src/test/resources/dev/zkautograd/enclave/protocol/FrameCodecFuzzTestInputs/decode/} (the protocol
 * vectors); run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class FrameCodecFuzzTest {
  @FuzzTest
  void decode(byte[] data) {
    try {
      ServiceDecoding.decode(data, 1 << 20);
    } catch (ProtocolException expected) {
      // the only allowed outcome for bytes that break the protocol
    }
  }
}
