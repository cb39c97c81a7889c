package dev.zkautograd.generator.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.TestRuns;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test on 127.0.0.1: up to 2,000 API and page requests from 8 clients at once, for at
 * most 20 s (the clients stop at whichever comes first). The service must answer every request sent,
 * never with a 5xx, let through no more API requests than its rate allows (and most of those), and
 * hold no more heap after the load than before it.
 */
class CompanionLoadTest {
  static final int REQUESTS = 2000;
  static final int CLIENTS = 8;
  static final double RATE = 40;
  static final long SECONDS = 20;
  static final int BURST = 20;

  @TempDir Path work;

  @Test
  void holdsItsRateWithNo5xxAndNoGrowthInMemory() throws Exception {
    Path runs = work.resolve("artifacts");
    TestRuns.write(runs.resolve("run-a"), work.resolve("anchors"), "run-a", "2026-11-24T10:15:00Z", 3, Map.of());
    new SiteGenerator().generate(runs, work.resolve("site"), SiteOptions.defaults());
    try (Companion c = Companion.start(CompanionConfig.builder(work.resolve("site"), runs).port(0).rate(RATE, BURST).build())) {
      Http http = new Http(c.url());
      round(http, 200, System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS)); // warm up the server and the client, then measure
      Thread.sleep(1000); // the warm-up's tokens come back
      long heapBefore = heapAfterGc();
      long started = System.nanoTime();
      Sent sent = new Sent();
      Map<Integer, LongAdder> apiCodes = round(http, REQUESTS, started + TimeUnit.SECONDS.toNanos(SECONDS), sent);
      double seconds = (System.nanoTime() - started) / 1e9;
      long heapAfter = heapAfterGc();

      long total = 0;
      for (Map.Entry<Integer, LongAdder> e : apiCodes.entrySet()) {
        total += e.getValue().sum();
        assertTrue(e.getKey() == 200 || e.getKey() == 429, "only 200 and 429, got " + apiCodes);
      }
      assertEquals(sent.total.get(), total, "every request sent was answered: " + apiCodes);
      long pages = sent.pages.get();
      long apiSent = total - pages;
      long apiOk = apiCodes.getOrDefault(200, new LongAdder()).sum() - pages; // pages are never limited: all 200
      double allowed = BURST + RATE * seconds;
      System.out.printf("load: %d requests (%d API) in %.1f s, %s; API 200s %d of at most %.0f; heap after GC %d -> %d KB%n", total, apiSent,
          seconds, apiCodes, apiOk, allowed, heapBefore / 1024, heapAfter / 1024);
      assertTrue(seconds <= SECONDS + 5, "bounded in time: " + seconds + " s");
      assertTrue(apiOk <= allowed + 2, "the rate holds: " + apiOk + " API requests let through in " + seconds + " s");
      assertTrue(apiOk >= 0.7 * Math.min(apiSent, allowed), "and it is not starved: " + apiOk + " of " + apiSent);
      assertTrue(pages > 0);
      assertTrue(heapAfter - heapBefore < 16L << 20, "heap grew " + (heapAfter - heapBefore) / 1024 + " KB");
    }
  }

  /** What a round sent. */
  private static final class Sent {
    final AtomicInteger total = new AtomicInteger();
    final AtomicInteger pages = new AtomicInteger();
  }

  private static Map<Integer, LongAdder> round(Http http, int n, long deadline) throws Exception {
    return round(http, n, deadline, new Sent());
  }

  /** Sends up to {@code n} requests from {@link #CLIENTS} threads until {@code deadline}: a page, then three API calls, over and over. */
  private static Map<Integer, LongAdder> round(Http http, int n, long deadline, Sent sent) throws Exception {
    Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int t = 0; t < CLIENTS; t++) {
        pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
            String path = switch (i % 4) {
              case 0 -> "/runs/run-a/index.html";
              case 1 -> "/api/runs";
              case 2 -> "/api/runs/run-a";
              default -> "/api/runs/no-such-run";
            };
            sent.total.incrementAndGet();
            if (i % 4 == 0) sent.pages.incrementAndGet();
            int status;
            try {
              status = http.get(path).status();
            } catch (Exception e) {
              status = -1;
            }
            if (status == 404 && path.endsWith("no-such-run")) status = 200; // the answer that run is due
            codes.computeIfAbsent(status, k -> new LongAdder()).increment();
          }
          return null;
        });
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    return codes;
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
