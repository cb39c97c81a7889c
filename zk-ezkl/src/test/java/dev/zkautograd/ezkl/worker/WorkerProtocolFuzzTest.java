package dev.zkautograd.ezkl.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import dev.zkautograd.ezkl.EzklProofFile;
import dev.zkautograd.zk.VerificationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the worker protocol reads bytes it did not write: frames, response objects, and
 * EZKL's proof files. Every input either parses or is refused with the parser's typed exception;
 * nothing else escapes, nothing hangs. The Jazzer target replays its corpus ({@code
 * WorkerProtocolFuzzTestInputs/frames/}) in the normal run; the seeded tests mutate valid inputs.
 */
class WorkerProtocolFuzzTest {
  static final List<String> VALID = List.of(
      "{\"v\":1,\"id\":3,\"ok\":true,\"result\":{\"valid\":true,\"reason\":null}}",
      "{\"v\":1,\"id\":4,\"ok\":false,\"error\":{\"code\":\"BAD_INPUT\",\"message\":\"dim must lie in [1, 65536]\"}}",
      "{\"v\":1,\"id\":0,\"ok\":false,\"error\":{\"code\":\"BAD_FRAME\",\"message\":\"truncated frame\"}}",
      "{\"v\":1,\"id\":9,\"ok\":true,\"result\":{\"outputs\":[[1,-2,3]],\"proof\":\"/tmp/p.json\"}}");

  static final String PROOF = "{\"instances\":[[\"d376466a2355988a58e69ab22d637423413bc0622169783893cffdf18a4b590c\","
      + "\"0100000000000000000000000000000000000000000000000000000000000000\"]],\"proof\":[1,2,255],"
      + "\"hex_proof\":\"0x0102ff\",\"version\":\"23.0.5\"}";

  /** Reads frames from {@code input} until it ends; parses each as a response and as a proof file. */
  static void readAll(byte[] input) {
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    try {
      for (int i = 0; i < 64; i++) {
        byte[] payload = WorkerFrames.read(in);
        if (payload == null) break;
        parseResponse(payload);
      }
    } catch (EzklException e) {
      if (e.reason() != Reason.PROTOCOL) throw new AssertionError("frames fail only as PROTOCOL", e);
    } catch (IOException e) {
      throw new AssertionError("a byte array does not fail to read", e);
    }
    parseResponse(input);
    try {
      EzklProofFile.parse(input);
    } catch (VerificationException e) {
      if (e.reason() != VerificationException.Reason.MALFORMED) throw new AssertionError("proofs fail only as MALFORMED", e);
    }
  }

  private static void parseResponse(byte[] payload) {
    try {
      WorkerResponse r = WorkerResponse.parse(payload);
      assertTrue(r.ok() == (r.result() != null) && r.ok() == (r.errorCode() == null));
    } catch (EzklException e) {
      if (e.reason() != Reason.PROTOCOL) throw new AssertionError("responses fail only as PROTOCOL", e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void frames(byte[] input) {
    readAll(input);
  }

  static byte[] framed(String... payloads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : payloads) WorkerFrames.write(out, p.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void valid_frames_round_trip() throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(framed(VALID.toArray(new String[0])));
    for (String v : VALID) {
      assertArrayEquals(v.getBytes(StandardCharsets.UTF_8), WorkerFrames.read(in));
    }
    assertNull(WorkerFrames.read(in), "a clean end of stream");
    WorkerResponse failed = WorkerResponse.parse(VALID.get(1).getBytes(StandardCharsets.UTF_8));
    assertEquals("BAD_INPUT", failed.errorCode());
    assertEquals(4, failed.id());
    EzklProofFile p = EzklProofFile.parse(PROOF.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, p.instances().size());
    assertArrayEquals(new byte[] {1, 2, (byte) 255}, p.proof());
  }

  @Test
  void broken_frames_and_responses_are_refused_with_a_reason() throws Exception {
    byte[] whole = framed(VALID.get(0));
    for (int cut = 1; cut < whole.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(whole, cut);
      EzklException e = assertThrows(EzklException.class, () -> WorkerFrames.read(new ByteArrayInputStream(truncated)));
      assertEquals(Reason.PROTOCOL, e.reason());
    }
    EzklException huge = assertThrows(EzklException.class,
        () -> WorkerFrames.read(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0, '{', '}'})));
    assertTrue(huge.getMessage().contains("frame length"), huge.getMessage());
    for (String bad : List.of("[]", "{\"v\":2,\"id\":1,\"ok\":true,\"result\":{}}", "{\"v\":1,\"id\":1,\"ok\":true,\"result\":[]}",
        "{\"v\":1,\"id\":1,\"ok\":\"yes\",\"result\":{}}", "{\"v\":1,\"id\":1.5,\"ok\":true,\"result\":{}}",
        "{\"v\":1,\"id\":1,\"ok\":false,\"error\":{\"code\":\"OOPS\",\"message\":\"x\"}}",
        "{\"v\":1,\"id\":1,\"ok\":true,\"result\":{},\"extra\":1}")) {
      EzklException e = assertThrows(EzklException.class, () -> WorkerResponse.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
      assertEquals(Reason.PROTOCOL, e.reason(), bad);
    }
    for (String bad : List.of(PROOF.replace("0x0102ff", "0x0102fe"), PROOF.replace("[1,2,255]", "[1,2,256]"),
        PROOF.replace("d376", "D376"), PROOF.replace("\"0100", "\"ffff").replace("0000\"]]", "00ff\"]]"),
        PROOF.replace("[[\"d3", "[[],[\"d3"))) {
      VerificationException e = assertThrows(VerificationException.class, () -> EzklProofFile.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
      assertEquals(VerificationException.Reason.MALFORMED, e.reason(), bad);
    }
  }

  @Test
  void seeded_mutations_of_valid_inputs_only_fail_typed() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(framed(VALID.toArray(new String[0])));
    for (String v : VALID) seeds.add(v.getBytes(StandardCharsets.UTF_8));
    seeds.add(PROOF.getBytes(StandardCharsets.UTF_8));
    Random r = new Random(20261124);
    for (int i = 0; i < 4000; i++) {
      byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
      int edits = 1 + r.nextInt(4);
      for (int e = 0; e < edits && b.length > 0; e++) {
        switch (r.nextInt(4)) {
          case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
          case 2 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          default -> {
            byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
            for (int k = b.length; k < longer.length; k++) longer[k] = (byte) r.nextInt(256);
            b = longer;
          }
        }
      }
      readAll(b);
    }
  }

  @Test
  void random_bytes_only_fail_typed() {
    Random r = new Random(7);
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      if (b.length >= 4 && r.nextBoolean()) {
        b[0] = 0;
        b[1] = 0;
        b[2] = 0;
        b[3] = (byte) Math.max(2, b.length - 4);
      }
      readAll(b);
    }
  }
}
