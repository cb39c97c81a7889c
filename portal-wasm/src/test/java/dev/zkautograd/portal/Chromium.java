package dev.zkautograd.portal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium driven by Playwright for Java, never a downloaded browser: {@code
 * scripts/setup/20-chromium.sh} installs it, and surefire sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD. A
 * missing browser fails the test with what to run (it does not skip: the test script installs it).
 */
final class Chromium implements AutoCloseable {
  static final Path EXECUTABLE = Path.of(System.getProperty("zka.chromium", "/usr/bin/chromium"));
  static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync");

  private final Playwright playwright;
  final Browser browser;

  private Chromium() {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException("no Chromium at " + EXECUTABLE + ": run scripts/setup/20-chromium.sh (apt-get install chromium)");
    }
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
  }

  static Chromium launch() {
    return new Chromium();
  }

  /**
   * A fresh context (its own localStorage) in which every request that does not go to {@code site}
   * is refused and counted: the page must work with the site alone.
   */
  BrowserContext offlineContext(String site, AtomicInteger foreignRequests) {
    BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 900));
    c.route("**/*", route -> {
      if (route.request().url().startsWith(site)) {
        route.resume();
      } else {
        foreignRequests.incrementAndGet();
        route.abort();
      }
    });
    return c;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
