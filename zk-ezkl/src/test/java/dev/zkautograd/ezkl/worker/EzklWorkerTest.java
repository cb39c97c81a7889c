package dev.zkautograd.ezkl.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import dev.zkautograd.ezkl.TestWorkers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker and its client on their failure paths: bad requests get error frames (never a hang), a
 * broken stream gets a BAD_FRAME answer and an exit, a dead worker is restarted and the request sent
 * once more, a worker that dies again is a typed WORKER_CRASHED, a silent one a TIMEOUT.
 */
class EzklWorkerTest {
  private static final Duration SHORT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private static JsonObject args(Object... kv) {
    JsonObject.Builder b = JsonObject.builder();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      b.put((String) kv[i], v instanceof String s ? new JsonString(s) : v instanceof Integer n ? JsonNumber.of(n)
          : (dev.zkautograd.core.json.JsonValue) v);
    }
    return b.build();
  }

  private static EzklException refused(String op, JsonObject args) {
    return assertThrows(EzklException.class, () -> TestWorkers.worker().call(op, args, SHORT));
  }

  @Test
  void hello_names_the_protocol_and_ezkl() throws Exception {
    JsonObject hello = TestWorkers.worker().hello();
    assertEquals(JsonNumber.of(1), hello.get("protocol"));
    assertEquals("23.0.5", TestWorkers.worker().ezklVersion());
  }

  @Test
  void bad_requests_get_error_frames_and_the_worker_lives_on() throws Exception {
    EzklWorker w = TestWorkers.worker();
    long pid = w.pid();
    EzklException unknown = refused("mine-bitcoin", args());
    assertEquals(Reason.REQUEST_REFUSED, unknown.reason());
    assertTrue(unknown.getMessage().contains("UNKNOWN_OP"), unknown.getMessage());

    EzklException missing = refused("prove", args("circuit", "adam"));
    assertTrue(missing.getMessage().contains("BAD_REQUEST") && missing.getMessage().contains("dim"), missing.getMessage());

    EzklException circuit = refused("prove", args("circuit", "lbfgs", "dim", 4));
    assertTrue(circuit.getMessage().contains("BAD_INPUT") && circuit.getMessage().contains("circuit"), circuit.getMessage());

    EzklException noFile = refused("verify", args("proof", tmp.resolve("absent.json").toString(), "settings", "x", "vk", "y",
        "srs", "z"));
    assertTrue(noFile.getMessage().contains("no such file"), noFile.getMessage());

    EzklException wrongType = refused("setup", args("circuit", "adam", "dim", "sixteen"));
    assertTrue(wrongType.getMessage().contains("must be a int"), wrongType.getMessage());

    EzklException dim = refused("setup", args("circuit", "adam", "dim", 0, "scale", 14, "out", tmp.toString()));
    assertTrue(dim.getMessage().contains("dim must lie in"), dim.getMessage());

    EzklException felts = refused("poseidon", args("felts", new JsonArray(List.of(new JsonArray(List.of(new JsonString("1")))))));
    assertTrue(felts.getMessage().contains("integers"), felts.getMessage());

    assertEquals(pid, w.pid(), "error frames do not restart the worker");
  }

  /** A fresh worker process driven with raw bytes. */
  private static Process raw() throws Exception {
    return new ProcessBuilder(WorkerLaunch.locate().command()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static JsonObject exchangeRaw(Process p, byte[] bytes) throws Exception {
    OutputStream out = p.getOutputStream();
    out.write(bytes);
    out.flush();
    InputStream in = p.getInputStream();
    byte[] payload = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> WorkerFrames.read(in));
    return (JsonObject) Json.parse(payload);
  }

  private static byte[] frame(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    byte[] f = new byte[b.length + 4];
    f[0] = (byte) (b.length >>> 24);
    f[1] = (byte) (b.length >>> 16);
    f[2] = (byte) (b.length >>> 8);
    f[3] = (byte) b.length;
    System.arraycopy(b, 0, f, 4, b.length);
    return f;
  }

  private static String code(JsonObject response) {
    return ((JsonString) ((JsonObject) response.get("error")).get("code")).value();
  }

  @Test
  void malformed_payloads_get_bad_request_frames() throws Exception {
    Process p = raw();
    try {
      assertEquals("BAD_REQUEST", code(exchangeRaw(p, frame("{not json"))));
      assertEquals("BAD_REQUEST", code(exchangeRaw(p, frame("[1,2,3]"))));
      assertEquals("BAD_REQUEST", code(exchangeRaw(p, frame("{\"v\":2,\"id\":1,\"op\":\"hello\"}"))));
      assertEquals("BAD_REQUEST", code(exchangeRaw(p, frame("{\"v\":1,\"id\":-5,\"op\":\"hello\"}"))));
      assertEquals("BAD_REQUEST", code(exchangeRaw(p, frame("\"\\ud800\""))));
      JsonObject ok = exchangeRaw(p, frame("{\"v\":1,\"id\":7,\"op\":\"poseidon\",\"felts\":[]}"));
      assertEquals(dev.zkautograd.core.json.JsonBoolean.TRUE, ok.get("ok"), "the worker still answers after bad frames");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void a_broken_stream_gets_bad_frame_and_the_worker_exits() throws Exception {
    for (byte[] bytes : new byte[][] {{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, {0, 0, 0, 1}, {0, 0, 0, 9, '{'}}) {
      Process p = raw();
      try {
        OutputStream out = p.getOutputStream();
        out.write(bytes);
        out.close(); // a truncated frame ends here
        JsonObject r = (JsonObject) Json.parse(assertTimeoutPreemptively(Duration.ofSeconds(60), () -> WorkerFrames.read(p.getInputStream())));
        assertEquals("BAD_FRAME", code(r));
        assertEquals(JsonNumber.of(0), r.get("id"));
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /** A launch of the stand-in worker in {@code mode}. */
  private WorkerLaunch fake(String mode) throws Exception {
    Path script = tmp.resolve("fake_worker-" + mode + ".py");
    try (InputStream in = EzklWorkerTest.class.getResourceAsStream("fake_worker.py")) {
      Files.write(script, in.readAllBytes());
    }
    return new WorkerLaunch(WorkerLaunch.locate().python(), script, Duration.ofSeconds(60));
  }

  @Test
  void a_worker_killed_between_requests_is_restarted() throws Exception {
    try (EzklWorker w = EzklWorker.start(fake("echo"))) {
      assertEquals(new JsonString("ping"), w.call("ping", args(), SHORT).get("echo"));
      ProcessHandle.of(w.pid()).orElseThrow().destroyForcibly();
      assertEquals(new JsonString("ping"), w.call("ping", args(), SHORT).get("echo"));
      assertEquals(2, w.starts());
    }
  }

  @Test
  void a_worker_that_dies_during_a_request_is_restarted_and_the_request_retried() throws Exception {
    try (EzklWorker w = EzklWorker.start(fake("dies-once"))) {
      assertEquals(new JsonString("prove"), w.call("prove", args(), SHORT).get("echo"));
      assertEquals(2, w.starts());
    }
  }

  @Test
  void a_worker_that_dies_again_is_a_typed_crash_with_its_exit_code() throws Exception {
    try (EzklWorker w = EzklWorker.start(fake("dies"))) {
      EzklException e = assertThrows(EzklException.class, () -> w.call("prove", args(), SHORT));
      assertEquals(Reason.WORKER_CRASHED, e.reason());
      assertTrue(e.getMessage().contains("exit code 9") && e.getMessage().contains("again after a restart"), e.getMessage());
      assertEquals(2, w.starts());
    }
  }

  @Test
  void a_silent_worker_times_out_and_the_next_call_gets_a_fresh_one() throws Exception {
    try (EzklWorker w = EzklWorker.start(fake("silent"))) {
      EzklException e = assertThrows(EzklException.class, () -> w.call("prove", args(), Duration.ofMillis(500)));
      assertEquals(Reason.TIMEOUT, e.reason());
      assertEquals(-1, w.pid(), "a worker that timed out is stopped");
      EzklException again = assertThrows(EzklException.class, () -> w.call("prove", args(), Duration.ofMillis(500)));
      assertEquals(Reason.TIMEOUT, again.reason());
      assertEquals(2, w.starts());
    }
  }

  @Test
  void bytes_that_are_not_frames_are_a_protocol_error() throws Exception {
    try (EzklWorker w = EzklWorker.start(fake("garbage"))) {
      EzklException e = assertThrows(EzklException.class, () -> w.call("prove", args(), SHORT));
      assertEquals(Reason.PROTOCOL, e.reason());
      assertTrue(e.getMessage().contains("frame length"), e.getMessage());
    }
  }

  @Test
  void no_interpreter_is_a_clear_unavailable_error() {
    String before = System.getProperty(WorkerLaunch.PYTHON_PROPERTY);
    System.setProperty(WorkerLaunch.PYTHON_PROPERTY, tmp.resolve("no-python").toString());
    try {
      EzklException e = assertThrows(EzklException.class, WorkerLaunch::locate);
      assertEquals(Reason.WORKER_UNAVAILABLE, e.reason());
      assertTrue(e.getMessage().contains("scripts/setup/30-python.sh"), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(WorkerLaunch.PYTHON_PROPERTY);
      } else {
        System.setProperty(WorkerLaunch.PYTHON_PROPERTY, before);
      }
    }
  }
}
