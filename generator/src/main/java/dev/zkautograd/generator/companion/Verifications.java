package dev.zkautograd.generator.companion;

import dev.zkautograd.core.audit.AuditProgress;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the service's verifications run: at most {@code concurrent} at once, a few more queued, the
 * rest refused (the service answers 429). Each verification is a {@link Job} whose phase and
 * progress can be read while it runs ({@code GET /api/verifications/{id}}); the last {@value
 * #KEPT} jobs are kept.
 */
final class Verifications implements AutoCloseable {
  static final int KEPT = 64;
  static final int QUEUED = 8;

  private final ThreadPoolExecutor pool;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** The state of a job. */
  enum State {
    QUEUED, RUNNING, DONE, FAILED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A body that reports its progress to the job it runs in. */
  interface Body {
    AuditReport run(AuditProgress progress) throws Exception;
  }

  /** One verification, readable while it runs. */
  final class Job implements AuditProgress {
    final String id;
    final String run;
    private volatile State state = State.QUEUED;
    private volatile String phase = "queued";
    private volatile long total;
    private final AtomicLong done = new AtomicLong();
    private volatile AuditReport report;
    private volatile long started;
    private volatile long elapsedMs = -1;
    Future<AuditReport> future;

    Job(String id, String run) {
      this.id = id;
      this.run = run;
    }

    @Override
    public void begin(String phase, long total) {
      this.phase = phase;
      this.total = total;
      done.set(0);
    }

    @Override
    public void advance() {
      done.incrementAndGet();
    }

    @Override
    public void end() {}

    State state() {
      return state;
    }

    JsonObject toJson() {
      return JsonObject.builder()
          .put("job", id)
          .put("run", run)
          .put("state", state.wire())
          .put("phase", phase)
          .put("done", done.get())
          .put("total", total)
          .put("elapsed_ms", elapsedMs)
          .put("status_url", "/api/verifications/" + id)
          .put("report", report == null ? JsonNull.NULL : report.toJson())
          .put("error", state == State.FAILED ? new JsonString("internal error") : JsonNull.NULL)
          .build();
    }
  }

  Verifications(int concurrent) {
    this.pool = new ThreadPoolExecutor(concurrent, concurrent, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
      Thread t = new Thread(r, "zk-companion-verify");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Queues {@code body} as a job of run {@code run}.
   *
   * @throws RejectedExecutionException when every slot and the queue are taken
   */
  Job submit(String run, Body body) {
    Job job = new Job(HexFormat.of().formatHex(bytes(12)), run);
    Callable<AuditReport> task = () -> {
      job.started = System.nanoTime();
      job.state = State.RUNNING;
      job.phase = "reading the run";
      try {
        AuditReport r = body.run(job);
        job.report = r;
        job.phase = "done";
        job.state = State.DONE;
        return r;
      } catch (Exception | Error e) {
        job.state = State.FAILED;
        job.phase = "failed";
        throw e;
      } finally {
        job.elapsedMs = (System.nanoTime() - job.started) / 1_000_000;
      }
    };
    synchronized (jobs) {
      job.future = pool.submit(task);
      jobs.put(job.id, job);
      for (Iterator<Job> it = jobs.values().iterator(); jobs.size() > KEPT && it.hasNext(); ) {
        Job old = it.next();
        if (old.state() == State.DONE || old.state() == State.FAILED) it.remove();
      }
    }
    return job;
  }

  /** Runs {@code work} in a verification slot and waits for it; refused like {@link #submit}. */
  <T> T call(Callable<T> work) throws Exception {
    Future<T> f = pool.submit(work);
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
    }
  }

  Job find(String id) {
    synchronized (jobs) {
      return jobs.get(id);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
