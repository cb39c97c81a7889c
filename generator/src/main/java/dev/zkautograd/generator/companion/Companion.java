package dev.zkautograd.generator.companion;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditProgress;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.StepLog;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.generator.SiteException;
import dev.zkautograd.generator.SiteLayout;
import dev.zkautograd.generator.verify.RunVerification;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The companion service ({@code zk-autograd serve}, {@code docs/companion-api.md}): serves a
 * generated site for local preview — and as the web seed of its torrents — and verifies the runs of
 * a runs folder over HTTP with the same code as {@code zk-autograd verify} ({@link RunVerification}).
 * It verifies and previews; it never proves.
 *
 * <p>Every API answer is JSON. Bad input gets a 4xx with a message; an unexpected failure gets 500
 * {@code internal error} with an incident id, and the stack trace goes to the server's log only.
 * API requests are rate-limited per client address (token bucket; 429 with {@code Retry-After}),
 * bodies are limited in size (413), and verifications run a few at a time (429 beyond).
 */
public final class Companion implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Companion.class);

  private final CompanionConfig config;
  private final RunCatalog catalog;
  private final Verifications verifications;
  private final TokenBuckets buckets;
  private final SecureRandom random = new SecureRandom();
  private final Javalin app;

  private Companion(CompanionConfig config) {
    this.config = config;
    this.catalog = new RunCatalog(config.runs());
    this.verifications = new Verifications(config.maxVerifications());
    this.buckets = new TokenBuckets(config.requestsPerSecond(), config.burst(), System::nanoTime);
    this.app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = config.maxUploadBytes();
      c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxInMemoryFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
      c.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = config.site().toAbsolutePath().toString();
        s.location = Location.EXTERNAL;
      });
    });
    routes();
  }

  /**
   * Starts the service.
   *
   * @throws SiteException BAD_INPUT when the site or runs folder is missing, IO when the port cannot be bound
   */
  public static Companion start(CompanionConfig config) throws SiteException {
    for (Path p : new Path[] {config.site(), config.runs()}) {
      if (!Files.isDirectory(p)) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, p + (Files.exists(p) ? " is not a folder" : " does not exist"));
      }
    }
    if (!Files.exists(config.site().resolve("index.html"))) {
      throw new SiteException(SiteException.Reason.BAD_INPUT, config.site() + " has no index.html: generate it with zk-autograd site");
    }
    Companion c = new Companion(config);
    try {
      c.app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      c.close();
      throw new SiteException(SiteException.Reason.IO, "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
          null, null, e);
    }
    return c;
  }

  /** The port it listens on (the one chosen when the configuration said 0). */
  public int port() {
    return app.port();
  }

  /** Its base URL, ending in {@code /}. */
  public URI url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port() + "/");
  }

  @Override
  public void close() {
    app.stop();
    verifications.close();
  }

  private void routes() {
    app.before("/api/*", this::limitRate);
    app.get("/api/runs", this::listRuns);
    app.get("/api/runs/{id}", this::showRun);
    app.get("/api/runs/{id}/verify", this::verifyRun);
    app.post("/api/runs/{id}/verifications", this::startVerification);
    app.get("/api/verifications/{job}", this::showVerification);
    app.post("/api/verify", this::verifyUpload);
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      String incident = HexFormat.of().formatHex(bytes(6));
      LOG.error("internal error {} on {} {}", incident, ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal error (incident " + incident + ", logged by the server)");
    });
    app.error(405, ctx -> {
      if (!isJson(ctx)) error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path());
    });
    app.error(413, ctx -> {
      if (!isJson(ctx)) error(ctx, 413, "request body larger than " + config.maxUploadBytes() + " bytes");
    });
    app.error(500, ctx -> {
      if (!isJson(ctx)) error(ctx, 500, "internal error");
    });
  }

  private void limitRate(Context ctx) {
    long wait = buckets.take(ctx.ip());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L)));
      throw new TooManyRequestsResponse("rate limit: at most " + config.requestsPerSecond() + " API requests a second per client (burst "
          + config.burst() + "); retry after the Retry-After seconds");
    }
    Long length = ctx.req().getContentLengthLong() >= 0 ? ctx.req().getContentLengthLong() : null;
    if (length != null && length > config.maxUploadBytes()) {
      throw new ContentTooLargeResponse("request body of " + length + " bytes is larger than the limit of " + config.maxUploadBytes());
    }
  }

  private void listRuns(Context ctx) throws IOException {
    List<JsonValue> runs = new ArrayList<>();
    for (RunCatalog.Entry e : catalog.list()) runs.add(RunCatalog.summary(e));
    json(ctx, 200, JsonObject.builder().put("format", "zk-autograd/runs/v1").put("runs", new JsonArray(runs)).build());
  }

  private void showRun(Context ctx) throws IOException, CoreException {
    RunCatalog.Entry e = run(ctx);
    RunManifest m = e.manifest();
    long bytes = 0;
    for (RunManifest.FileEntry f : m.files()) bytes += f.size();
    JsonValue anchors = Files.exists(e.dir().resolve(RunLayout.ANCHORS))
        ? dev.zkautograd.core.run.Anchors.parse(Files.readAllBytes(e.dir().resolve(RunLayout.ANCHORS))).toJson()
        : dev.zkautograd.core.json.JsonNull.NULL;
    json(ctx, 200, JsonObject.builder().putAll(RunCatalog.summary(e).members())
        .put("files", JsonObject.builder().put("count", m.files().size()).put("bytes", bytes).build())
        .put("anchors", anchors)
        .build());
  }

  private void verifyRun(Context ctx) throws Exception {
    RunCatalog.Entry e = run(ctx);
    RunVerification.Request request = verifyRequest(ctx, e.manifest().spec().runId());
    AuditReport report;
    try {
      report = verifications.call(() -> verification(e).audit(e.dir(), request, AuditProgress.NONE));
    } catch (RejectedExecutionException x) {
      throw busy();
    }
    json(ctx, 200, report.toJson());
  }

  private void startVerification(Context ctx) throws IOException {
    RunCatalog.Entry e = run(ctx);
    RunVerification.Request request = verifyRequest(ctx, e.manifest().spec().runId());
    Verifications.Job job;
    try {
      job = verifications.submit(e.manifest().spec().runId(), progress -> verification(e).audit(e.dir(), request, progress));
    } catch (RejectedExecutionException x) {
      throw busy();
    }
    ctx.header("Location", "/api/verifications/" + job.id);
    json(ctx, 202, job.toJson());
  }

  private void showVerification(Context ctx) {
    Verifications.Job job = verifications.find(ctx.pathParam("job"));
    if (job == null) throw new NotFoundResponse("no verification " + clip(ctx.pathParam("job")) + " (finished jobs are kept a while, not forever)");
    json(ctx, 200, job.toJson());
  }

  private void verifyUpload(Context ctx) throws Exception {
    if (!ctx.isMultipartFormData()) {
      throw new BadRequestResponse("send multipart/form-data with fields record (the step record line), chunk (its index) and proof (the file)");
    }
    UploadedFile file;
    String recordLine;
    String chunk;
    String runId;
    try {
      file = ctx.uploadedFile("proof");
      recordLine = ctx.formParam("record");
      chunk = ctx.formParam("chunk");
      runId = ctx.formParam("run");
    } catch (IllegalStateException e) {
      // Jetty refuses a part or a request over the multipart limits while parsing.
      throw new ContentTooLargeResponse("upload larger than the limit of " + config.maxUploadBytes() + " bytes");
    }
    if (file == null) throw new BadRequestResponse("form field proof is missing: the proof file");
    ProofCheck.Statement statement;
    try {
      statement = ProofCheck.parse(recordLine, chunk);
    } catch (ProofCheck.BadUpload e) {
      throw new BadRequestResponse(e.getMessage());
    }
    byte[] proof;
    try (InputStream in = file.content()) {
      proof = in.readNBytes(config.maxUploadBytes() + 1);
    }
    if (proof.length > config.maxUploadBytes()) throw new ContentTooLargeResponse("proof larger than " + config.maxUploadBytes() + " bytes");
    RunCatalog.Entry named = runId == null || runId.isBlank() ? null : catalog.find(checkId(runId.strip()));
    if (named == null && runId != null && !runId.isBlank()) throw new NotFoundResponse("no run " + runId.strip() + " on this service");
    AuditResult inLog = named == null ? null : inLog(named, statement.record());
    // An EZKL proof is checked with the keys its run records when the upload names the run; without it, with the service's keys.
    StepProofVerifier verifier = config.proofVerifiers().select(statement.record().draft().backend(),
        named == null ? null : named.manifest().spec().trustedSetup());
    JsonObject result;
    try {
      result = verifications.call(() -> ProofCheck.check(statement, proof, inLog, verifier));
    } catch (RejectedExecutionException x) {
      throw busy();
    }
    json(ctx, 200, result);
  }

  /** The full verification of run {@code e}, with the proof verifier for its backend. */
  private RunVerification verification(RunCatalog.Entry e) {
    RunSpec spec = e.manifest().spec();
    return new RunVerification(config.proofVerifiers().select(spec.backend(), spec.trustedSetup()), config.verifyThreads());
  }

  /** Whether {@code record} is, byte for byte, the line of its step in run {@code e}'s log. */
  private AuditResult inLog(RunCatalog.Entry e, StepRecord record) throws IOException, CoreException {
    String runId = e.manifest().spec().runId();
    RunManifest m = e.manifest();
    StepLog log = StepLog.parse(Files.readAllBytes(e.dir().resolve(RunLayout.STEPS)), m.spec(), m.status() == RunManifest.Status.OPEN);
    long step = record.step();
    if (step < log.size() && Arrays.equals(log.records().get((int) step).line(), record.line())) {
      return ProofCheck.pass(RunCheck.RECORDS, step, "the record is line " + (step + 1) + " of run " + runId + "'s steps.jsonl");
    }
    return ProofCheck.fail(RunCheck.RECORDS, CoreException.of(CoreException.Reason.DIGEST_MISMATCH,
            "the record is not the line of its step in the run's log").file(RunLayout.STEPS).step(step)
        .expected(step < log.size() ? log.records().get((int) step).chain().hex() : "a step below " + log.size())
        .actual(record.chain().hex()).build());
  }

  private RunCatalog.Entry run(Context ctx) throws IOException {
    String id = checkId(ctx.pathParam("id"));
    RunCatalog.Entry e = catalog.find(id);
    if (e == null) throw new NotFoundResponse("no run " + id + " on this service");
    return e;
  }

  private static String checkId(String id) {
    try {
      return RunLayout.checkRunId(id, "id");
    } catch (CoreException e) {
      throw new BadRequestResponse("not a run id: " + clip(id) + " (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)");
    }
  }

  /** {@code k} (1 to 10^6), {@code seed} (any long; random when k is given without it), {@code allow_open}. */
  private RunVerification.Request verifyRequest(Context ctx, String runId) {
    Long k = null;
    String kText = ctx.queryParam("k");
    if (kText != null) {
      k = longParam("k", kText);
      if (k < 1 || k > 1_000_000) throw new BadRequestResponse("k must be 1 to 1000000, not " + k);
    }
    String seedText = ctx.queryParam("seed");
    if (seedText != null && k == null) throw new BadRequestResponse("seed draws the k sampled steps: give k too");
    long seed = seedText != null ? longParam("seed", seedText) : new SecureRandom().nextLong();
    String open = ctx.queryParam("allow_open");
    if (open != null && !open.equals("true") && !open.equals("false")) throw new BadRequestResponse("allow_open is true or false");
    // The site's torrent of the run, when the site has one, is checked too (as verify does beside a run folder).
    Path torrent = config.site().resolve(SiteLayout.torrent(runId));
    return new RunVerification.Request(k, k == null ? 0 : seed, null, "true".equals(open), null, Files.isRegularFile(torrent) ? torrent : null,
        null);
  }

  private static long longParam(String name, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(name + " is not an integer: " + clip(text));
    }
  }

  private TooManyRequestsResponse busy() {
    return new TooManyRequestsResponse("busy: at most " + config.maxVerifications() + " verifications run at once and "
        + Verifications.QUEUED + " wait; retry later");
  }

  private static boolean isJson(Context ctx) {
    String t = ctx.res().getContentType();
    return t != null && t.startsWith("application/json");
  }

  private static void error(Context ctx, int status, String message) {
    if (status == 429 && ctx.res().getHeader("Retry-After") == null) ctx.header("Retry-After", "1");
    json(ctx, status, JsonObject.builder().put("error", message).put("status", status).build());
  }

  private static void json(Context ctx, int status, JsonObject body) {
    ctx.status(status).contentType("application/json").result(Json.writeString(body));
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
