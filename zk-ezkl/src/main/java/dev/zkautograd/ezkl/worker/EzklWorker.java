package dev.zkautograd.ezkl.worker;

import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of one Python EZKL worker process (docs/formats/ezkl-worker-protocol.md), started once and
 * reused for every request. Requests are answered one at a time, in order.
 *
 * <p>Failure handling: an error frame is the worker refusing one request (REQUEST_REFUSED; the worker
 * lives on). A worker that dies — the stream ends, the process exits — is restarted and the request
 * sent once more; if it dies again the call fails with WORKER_CRASHED, carrying the exit code and the
 * last lines the worker logged. A request not answered within its time limit kills the worker
 * (TIMEOUT; the next call starts a fresh one). Bytes that are not protocol frames also kill it
 * (PROTOCOL). Every request is idempotent (it names its files), so the one retry is safe.
 */
public final class EzklWorker implements AutoCloseable {
  /** Lines of the worker's stderr kept for error messages. */
  static final int LOG_LINES = 40;

  private final WorkerLaunch launch;
  private final Object lock = new Object();
  private Process process;
  private OutputStream requests;
  private BlockingQueue<Object> responses;
  private final Deque<String> log = new ArrayDeque<>();
  private long nextId = 1;
  private int starts;
  private JsonObject hello;

  /** The end of the worker's stream (it exited or closed stdout). */
  private static final Object END = new Object();

  private EzklWorker(WorkerLaunch launch) {
    this.launch = launch;
  }

  /**
   * Starts a worker and checks that it speaks this protocol and has EZKL.
   *
   * @throws EzklException WORKER_UNAVAILABLE if it cannot start or does not answer {@code hello}
   */
  public static EzklWorker start(WorkerLaunch launch) throws EzklException {
    EzklWorker w = new EzklWorker(launch);
    try {
      w.hello = w.call("hello", JsonObject.builder().build(), launch.startTimeout());
      if (!JsonNumber.of(dev.zkautograd.ezkl.CircuitKind.GRAPH_VERSION).equals(w.hello.get("graph_version"))
          && w.hello.get("graph_version") != null) {
        throw EzklException.of(Reason.PROTOCOL, "the worker builds another version of the step graphs",
            dev.zkautograd.ezkl.CircuitKind.GRAPH_VERSION, w.hello.get("graph_version"));
      }
    } catch (EzklException e) {
      w.close();
      throw EzklException.of(Reason.WORKER_UNAVAILABLE, "the EZKL worker did not start (" + e.getMessage() + "); "
          + WorkerLaunch.INSTALL_HINT, e);
    }
    return w;
  }

  /** The worker's {@code hello} result: protocol, EZKL and Python versions. */
  public JsonObject hello() {
    return hello;
  }

  /** EZKL's version as the worker reports it. */
  public String ezklVersion() {
    return hello.get("ezkl") instanceof JsonString s ? s.value() : "unknown";
  }

  /** How many worker processes this client has started (1 until a crash). */
  public int starts() {
    synchronized (lock) {
      return starts;
    }
  }

  /** The process id of the running worker, or -1 if none runs. */
  public long pid() {
    synchronized (lock) {
      return process != null && process.isAlive() ? process.pid() : -1;
    }
  }

  /**
   * Sends one request and returns its result object.
   *
   * @param args the request's arguments (merged with {@code v}, {@code id} and {@code op})
   * @throws EzklException REQUEST_REFUSED (an error frame), WORKER_CRASHED (died twice), TIMEOUT or PROTOCOL
   */
  public JsonObject call(String op, JsonObject args, Duration timeout) throws EzklException {
    synchronized (lock) {
      EzklException crash = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        ensureRunning();
        try {
          return exchange(op, args, timeout);
        } catch (Crashed c) {
          crash = EzklException.of(Reason.WORKER_CRASHED, "the EZKL worker died during '" + op + "'" + c.getMessage()
              + (attempt == 0 ? "" : " (and again after a restart)") + logTail());
          stop();
        }
      }
      throw crash;
    }
  }

  /** Thrown inside {@link #exchange} when the worker died; the caller restarts it once. */
  private static final class Crashed extends Exception {
    private static final long serialVersionUID = 1L;

    Crashed(String detail) {
      super(detail, null, false, false);
    }
  }

  private JsonObject exchange(String op, JsonObject args, Duration timeout) throws EzklException, Crashed {
    long id = nextId++;
    JsonObject request = JsonObject.builder().putAll(args.members()).put("v", JsonNumber.of(WorkerResponse.PROTOCOL))
        .put("id", id).put("op", op).build();
    try {
      WorkerFrames.write(requests, Json.write(request));
    } catch (IOException e) {
      throw new Crashed(exitDetail());
    }
    Object got;
    try {
      got = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw EzklException.of(Reason.TIMEOUT, "interrupted while waiting for the EZKL worker's answer to '" + op + "'");
    }
    if (got == null) {
      stop();
      throw EzklException.of(Reason.TIMEOUT, "the EZKL worker did not answer '" + op + "' within " + timeout.toSeconds()
          + " s; it was stopped" + logTail());
    }
    if (got == END) {
      throw new Crashed(exitDetail());
    }
    if (got instanceof EzklException e) {
      stop();
      throw EzklException.of(Reason.PROTOCOL, "the EZKL worker broke the protocol: " + e.getMessage() + logTail(), e);
    }
    WorkerResponse r;
    try {
      r = WorkerResponse.parse((byte[]) got);
    } catch (EzklException e) {
      stop();
      throw EzklException.of(Reason.PROTOCOL, "the EZKL worker broke the protocol: " + e.getMessage(), e);
    }
    if (r.id() != id) {
      stop();
      if (!r.ok() && r.id() == 0) {
        throw EzklException.of(Reason.PROTOCOL, "the EZKL worker could not read a request frame: " + r.errorCode() + ": "
            + r.errorMessage());
      }
      throw EzklException.of(Reason.PROTOCOL, "the EZKL worker answered another request", id, r.id());
    }
    if (!r.ok()) {
      throw EzklException.of(Reason.REQUEST_REFUSED, "EZKL worker, '" + op + "': " + r.errorCode() + ": " + r.errorMessage());
    }
    return r.result();
  }

  private void ensureRunning() throws EzklException {
    if (process != null && process.isAlive()) {
      return;
    }
    stop();
    ProcessBuilder pb = new ProcessBuilder(launch.command());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    try {
      process = pb.start();
    } catch (IOException e) {
      throw EzklException.of(Reason.WORKER_UNAVAILABLE, "cannot start " + launch.python() + ": " + e.getMessage() + "; "
          + WorkerLaunch.INSTALL_HINT, e);
    }
    starts++;
    requests = process.getOutputStream();
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    responses = queue;
    InputStream frames = process.getInputStream();
    daemon("ezkl-worker-frames", () -> {
      try {
        while (true) {
          byte[] payload = WorkerFrames.read(frames);
          if (payload == null) {
            break;
          }
          queue.add(payload);
        }
      } catch (EzklException e) {
        queue.add(e);
      } catch (IOException e) {
        // the process went away; END below says so
      }
      queue.add(END);
    });
    InputStream stderr = process.getErrorStream();
    daemon("ezkl-worker-log", () -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (log) {
            if (log.size() == LOG_LINES) log.removeFirst();
            log.addLast(line.length() > 500 ? line.substring(0, 500) + "..." : line);
          }
        }
      } catch (IOException e) {
        // the process went away
      }
    });
  }

  private String exitDetail() {
    Process p = process;
    if (p == null) {
      return "";
    }
    try {
      if (p.waitFor(5, TimeUnit.SECONDS)) {
        return " (exit code " + p.exitValue() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return " (its output ended)";
  }

  /** The worker's last log lines, for an error message. */
  private String logTail() {
    synchronized (log) {
      if (log.isEmpty()) {
        return "";
      }
      StringBuilder s = new StringBuilder("; the worker's last log lines:");
      int skip = Math.max(0, log.size() - 8);
      for (String line : log) {
        if (skip-- > 0) continue;
        s.append("\n  ").append(line);
      }
      return s.toString();
    }
  }

  private void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process = null;
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** Asks the worker to exit, and stops it if it does not within a few seconds. */
  @Override
  public void close() {
    synchronized (lock) {
      if (process != null && process.isAlive()) {
        try {
          exchange("shutdown", JsonObject.builder().build(), Duration.ofSeconds(5));
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (EzklException | Crashed e) {
          // stopping it anyway
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      stop();
    }
  }

  /** A string argument, for building requests. */
  public static JsonValue str(Object o) {
    return new JsonString(String.valueOf(o));
  }
}
