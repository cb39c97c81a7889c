package dev.zkautograd.generator.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.TestRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The companion through real HTTP on 127.0.0.1. The runs here carry stand-in proof bytes, so the
 * STARK verifier rejects their proofs, as it must; the cli's tests verify honest runs with real
 * proofs through the same endpoints.
 */
class CompanionTest {
  static final String RUN = "run-20261124-101500";

  @TempDir static Path work;
  static Path runs;
  static Companion companion;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    runs = work.resolve("artifacts");
    TestRuns.write(runs.resolve(RUN), work.resolve("anchors"), RUN, "2026-11-24T10:15:00Z", 4, Map.of("name", "tiny"));
    new SiteGenerator().generate(runs, work.resolve("site"), SiteOptions.defaults());
    companion = Companion.start(CompanionConfig.builder(work.resolve("site"), runs).port(0).rate(1000, 1000).build());
    http = new Http(companion.url());
  }

  @AfterAll
  static void stop() {
    if (companion != null) companion.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertEquals("127.0.0.1", companion.url().getHost());
  }

  @Test
  void servesTheSiteForPreview() throws Exception {
    Http.Answer index = http.get("/");
    assertEquals(200, index.status());
    assertTrue(index.text().contains("runs/" + RUN + "/index.html"));
    Http.Answer page = http.get("/runs/" + RUN + "/step-00002.html");
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    byte[] steps = Files.readAllBytes(runs.resolve(RUN).resolve("steps.jsonl"));
    Http.Answer file = http.get("/files/" + RUN + "/steps.jsonl");
    assertEquals(200, file.status());
    assertTrue(java.util.Arrays.equals(steps, file.raw().body()));
    assertEquals(404, http.get("/files/" + RUN + "/no-such-file").status());
    int outside = http.get("/../artifacts/" + RUN + "/steps.jsonl").status();
    assertTrue(outside == 400 || outside == 404, "nothing outside the site: " + outside);
  }

  @Test
  void listsRunsAndShowsOne() throws Exception {
    Http.Answer list = http.get("/api/runs");
    assertEquals(200, list.status());
    assertTrue(list.header("Content-Type").startsWith("application/json"));
    JsonArray arr = (JsonArray) list.json().get("runs");
    assertEquals(1, arr.size());
    JsonObject run = (JsonObject) arr.get(0);
    assertEquals(new JsonString(RUN), run.get("id"));
    assertEquals(new JsonString("/api/runs/" + RUN + "/verify"), ((JsonObject) run.get("links")).get("verify"));
    Http.Answer one = http.get("/api/runs/" + RUN);
    assertEquals(200, one.status());
    assertEquals(RunReader.read(runs.resolve(RUN)).log().root(4).hex(), ((JsonString) ((JsonObject) one.json().get("log")).get("root")).value());
    assertNotNull(((JsonObject) one.json().get("anchors")).get("anchors"));
  }

  @Test
  void verifyRunsTheCliAuditAndNamesTheFailingProofs() throws Exception {
    Http.Answer a = http.get("/api/runs/" + RUN + "/verify?k=2&seed=7");
    assertEquals(200, a.status(), a.text());
    JsonObject report = a.json();
    assertEquals(new JsonString("zk-autograd/verify-report/v1"), report.get("format"));
    assertEquals(JsonBoolean.FALSE, report.get("passed"));
    JsonObject sample = (JsonObject) report.get("sample");
    assertEquals(new JsonString("7"), sample.get("seed"));
    boolean proofFailureNamed = false;
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject r = (JsonObject) v;
      if (r.get("check").equals(new JsonString("proof.verify")) && r.get("result").equals(new JsonString("FAIL"))) {
        proofFailureNamed = ((JsonString) r.get("file")).value().startsWith("proofs/step_0000") && r.get("step") != null;
      }
      if (!r.get("check").toString().contains("proof.verify") && !r.get("check").toString().contains("anchors.recheck")
          && !r.get("check").toString().contains("\"key\"")) {
        assertFalse(r.get("result").equals(new JsonString("FAIL")), "only the stand-in proofs fail: " + r);
      }
    }
    assertTrue(proofFailureNamed, a.text());
  }

  @Test
  void verificationWithLiveStatus() throws Exception {
    Http.Answer started = http.post("/api/runs/" + RUN + "/verifications?k=1&seed=3", "text/plain", new byte[0]);
    assertEquals(202, started.status(), started.text());
    String job = ((JsonString) started.json().get("job")).value();
    assertEquals("/api/verifications/" + job, started.header("Location"));
    JsonObject status = null;
    for (int i = 0; i < 600; i++) {
      status = http.get("/api/verifications/" + job).json();
      String state = ((JsonString) status.get("state")).value();
      assertTrue(state.equals("queued") || state.equals("running") || state.equals("done"), state);
      if (state.equals("done")) break;
      Thread.sleep(100);
    }
    assertEquals(new JsonString("done"), status.get("state"));
    assertEquals(JsonBoolean.FALSE, ((JsonObject) status.get("report")).get("passed"));
    assertEquals(404, http.get("/api/verifications/0123456789abcdef01234567").status());
  }

  @Test
  void uploadedProofIsCheckedAgainstItsRecord() throws Exception {
    StepRecord r = RunReader.read(runs.resolve(RUN)).steps().get(1);
    String line = new String(r.line(), StandardCharsets.UTF_8);
    byte[] proof = Files.readAllBytes(runs.resolve(RUN).resolve(r.chunks().get(0).proof().value()));

    JsonObject ok = post(Http.parts("record", line, "chunk", "0", "proof", proof, "run", RUN), 200);
    assertEquals(JsonBoolean.FALSE, ok.get("passed"), "stand-in bytes are not a proof");
    assertEquals(result(ok, "steps.records", 0), "PASS");
    assertEquals(result(ok, "steps.records", 1), "PASS", "the record is the run's line");
    assertEquals(result(ok, "proof.digest", 0), "PASS");
    assertEquals(result(ok, "proof.verify", 0), "FAIL");

    JsonObject swapped = post(Http.parts("record", line, "chunk", "1", "proof", proof), 200);
    assertEquals(result(swapped, "proof.digest", 0), "FAIL", "the other chunk's proof");
    assertEquals(result(swapped, "proof.verify", 0), "SKIP");

    StepRecord other = RunReader.read(runs.resolve(RUN)).steps().get(2);
    JsonObject notInLog = post(Http.parts("record", new String(other.line(), StandardCharsets.UTF_8).replace("\"step\":2", "\"step\":1"),
        "chunk", "0", "proof", proof, "run", RUN), 400);
    assertTrue(((JsonString) notInLog.get("error")).value().startsWith("record is not a step record: "), notInLog.toString());
  }

  @Test
  void badUploadsGetA4xxWithAMessage() throws Exception {
    StepRecord r = RunReader.read(runs.resolve(RUN)).steps().get(0);
    String line = new String(r.line(), StandardCharsets.UTF_8);
    assertMessage(post(Http.parts("record", line, "chunk", "0"), 400), "form field proof is missing");
    assertMessage(post(Http.parts("chunk", "0", "proof", new byte[] {1}), 400), "form field record is missing");
    assertMessage(post(Http.parts("record", line, "chunk", "9", "proof", new byte[] {1}), 400), "chunk 9 is not a chunk of the record");
    assertMessage(post(Http.parts("record", line, "chunk", "x", "proof", new byte[] {1}), 400), "chunk is not an integer");
    assertMessage(post(Http.parts("record", "{\"format\":\"nope\"}", "chunk", "0", "proof", new byte[] {1}), 400), "record is not a step record");
    assertMessage(post(Http.parts("record", line, "chunk", "0", "proof", new byte[] {1}, "run", "no-such-run"), 404), "no run no-such-run");
    Http.Answer plain = http.post("/api/verify", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, plain.status());
    assertMessage(plain.json(), "send multipart/form-data");
  }

  @Test
  void badRequestsGetA4xxWithAMessageAndNoStackTrace() throws Exception {
    assertMessage(get("/api/runs/no-such-run", 404), "no run no-such-run");
    assertMessage(get("/api/runs/..%2Fetc/verify", 400), "not a run id");
    assertMessage(get("/api/runs/" + RUN + "/verify?k=0", 400), "k must be 1 to 1000000");
    assertMessage(get("/api/runs/" + RUN + "/verify?k=abc", 400), "k is not an integer");
    assertMessage(get("/api/runs/" + RUN + "/verify?seed=4", 400), "give k too");
    assertMessage(get("/api/runs/" + RUN + "/verify?k=1&allow_open=maybe", 400), "allow_open is true or false");
    assertMessage(get("/api/nothing-here", 404), "not found");
    Http.Answer wrongMethod = http.post("/api/runs", "text/plain", new byte[0]);
    assertTrue(wrongMethod.status() == 404 || wrongMethod.status() == 405, wrongMethod.text());
    assertTrue(wrongMethod.header("Content-Type").startsWith("application/json"));
  }

  @Test
  void tooLargeUploadIs413() throws Exception {
    Http.Answer a = http.multipart("/api/verify", Http.parts("record", "x", "chunk", "0", "proof", new byte[17 << 20]));
    assertEquals(413, a.status(), a.text());
    assertMessage(a.json(), "larger than the limit");
  }

  private static JsonObject get(String path, int status) throws Exception {
    Http.Answer a = http.get(path);
    assertEquals(status, a.status(), a.text());
    assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
    return a.json();
  }

  private static JsonObject post(Map<String, Object> parts, int status) throws Exception {
    Http.Answer a = http.multipart("/api/verify", parts);
    assertEquals(status, a.status(), a.text());
    return a.json();
  }

  static void assertMessage(JsonObject error, String start) {
    String text = error.toString();
    assertTrue(((JsonString) error.get("error")).value().contains(start), text);
    assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains(".java:"), "no stack trace: " + text);
  }

  /** The result of the {@code nth} row of check {@code check}. */
  private static String result(JsonObject report, String check, int nth) {
    int seen = 0;
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject r = (JsonObject) v;
      if (r.get("check").equals(new JsonString(check)) && seen++ == nth) return ((JsonString) r.get("result")).value();
    }
    throw new AssertionError("no row " + nth + " of " + check + " in " + report);
  }
}
