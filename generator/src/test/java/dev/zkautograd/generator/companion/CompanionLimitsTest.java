package dev.zkautograd.generator.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.generator.SiteException;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The companion's rate limit, its refusal of bad configurations, and what it says when something breaks under it. */
class CompanionLimitsTest {
  @TempDir static Path work;
  static Path site;
  static Path runs;

  @BeforeAll
  static void writeSite() throws Exception {
    runs = work.resolve("artifacts");
    TestRuns.write(runs.resolve("run-a"), work.resolve("anchors"), "run-a", "2026-11-24T10:15:00Z", 1, Map.of());
    site = work.resolve("site");
    new SiteGenerator().generate(runs, site, SiteOptions.defaults());
  }

  @Test
  void apiRequestsBeyondTheBurstGet429WithRetryAfterAndTheSiteStaysServed() throws Exception {
    try (Companion c = Companion.start(CompanionConfig.builder(site, runs).port(0).rate(0.5, 3).build())) {
      Http http = new Http(c.url());
      for (int i = 0; i < 3; i++) assertEquals(200, http.get("/api/runs").status(), "within the burst");
      Http.Answer refused = http.get("/api/runs");
      assertEquals(429, refused.status());
      assertEquals("2", refused.header("Retry-After"), "one token takes 2 s at 0.5/s");
      assertTrue(((JsonString) refused.json().get("error")).value().startsWith("rate limit: "));
      assertEquals(200, http.get("/index.html").status(), "the static site is not rate-limited (web seeds fetch many ranges)");
    }
  }

  @Test
  void tokenBucketRefillsAtItsRate() {
    long[] now = {0};
    TokenBuckets b = new TokenBuckets(10, 2, () -> now[0]);
    assertEquals(0, b.take("a"));
    assertEquals(0, b.take("a"));
    assertEquals(100_000_000L, b.take("a"), "a token every 100 ms");
    assertEquals(0, b.take("b"), "per client");
    now[0] += 100_000_000L;
    assertEquals(0, b.take("a"));
    assertTrue(b.take("a") > 0);
    now[0] += 10_000_000_000L;
    assertEquals(0, b.take("a"));
    assertEquals(0, b.take("a"));
    assertTrue(b.take("a") > 0, "refills to the burst, no more");
  }

  @Test
  void idleClientsAreForgottenSoTheMapStaysBounded() {
    long[] now = {0};
    TokenBuckets b = new TokenBuckets(1000, 1, () -> now[0]);
    for (int i = 0; i < TokenBuckets.MAX_CLIENTS + 500; i++) {
      b.take("10.0." + i);
      now[0] += 1_000_000L;
    }
    assertTrue(b.clients() <= TokenBuckets.MAX_CLIENTS, "clients " + b.clients());
  }

  @Test
  void aFailureInsideTheServiceIs500InternalErrorWithoutStackTrace(@TempDir Path other) throws Exception {
    Path moving = other.resolve("artifacts");
    TestRuns.write(moving.resolve("run-b"), other.resolve("anchors"), "run-b", "2026-11-24T10:15:00Z", 1, Map.of());
    try (Companion c = Companion.start(CompanionConfig.builder(site, moving).port(0).build())) {
      Http http = new Http(c.url());
      assertEquals(200, http.get("/api/runs").status());
      try (Stream<Path> s = Files.walk(moving)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
      Http.Answer broken = http.get("/api/runs");
      assertEquals(500, broken.status());
      String error = ((JsonString) broken.json().get("error")).value();
      assertTrue(error.startsWith("internal error (incident "), error);
      assertFalse(broken.text().contains("Exception") || broken.text().contains(".java") || broken.text().contains(moving.toString()),
          "no stack trace, no server paths: " + broken.text());
    }
  }

  @Test
  void startRefusesWhatItCannotServe(@TempDir Path other) throws Exception {
    assertEquals(SiteException.Reason.BAD_INPUT, refused(CompanionConfig.builder(other.resolve("none"), runs).port(0).build()));
    assertEquals(SiteException.Reason.BAD_INPUT, refused(CompanionConfig.builder(other, runs).port(0).build()), "no index.html");
    try (Companion c = Companion.start(CompanionConfig.builder(site, runs).port(0).build())) {
      assertEquals(SiteException.Reason.IO, refused(CompanionConfig.builder(site, runs).port(c.port()).build()), "port taken");
    }
    for (int bad : new int[] {-1, 65536}) {
      assertEquals(SiteException.Reason.BAD_INPUT, org.junit.jupiter.api.Assertions.assertThrows(SiteException.class,
          () -> CompanionConfig.builder(site, runs).port(bad)).reason());
    }
  }

  private static SiteException.Reason refused(CompanionConfig config) {
    return org.junit.jupiter.api.Assertions.assertThrows(SiteException.class, () -> Companion.start(config).close()).reason();
  }
}
