package dev.zkautograd.core.local;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local service process on 127.0.0.1 — the stand-in AWS server, the local EVM node — that the
 * tests and the demo start when no real endpoint is configured, and stop when done. Its output goes
 * to a log file beside it, shown in the error if it does not come up.
 */
public final class LocalService implements AutoCloseable {
  /** System property the launcher sets to the repository root (where .venv and contracts/node_modules are). */
  public static final String HOME_PROPERTY = "zk-autograd.home";

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private LocalService(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code command} (in which {@code {port}} is replaced by a free port) and waits until it
   * accepts connections on that port.
   *
   * @param install what to run to install the tool when its executable is missing, for the error
   * @throws CoreException IO when the executable is missing or the service does not come up
   */
  public static LocalService start(String name, List<String> command, Path workDir, String install, Duration startup)
      throws CoreException {
    Path exe = Path.of(command.get(0));
    if (exe.isAbsolute() && !Files.isExecutable(exe)) {
      throw CoreException.of(Reason.IO, name + " is not installed: no " + exe + " (install it with: " + install + ")").build();
    }
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    for (String c : command) cmd.add(c.replace("{port}", Integer.toString(port)));
    Path log;
    Process p;
    try {
      log = Files.createTempFile("zk-autograd-" + name.replaceAll("[^a-z0-9]+", "-") + "-", ".log");
      p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw CoreException.of(Reason.IO, "cannot start " + name + " (" + String.join(" ", cmd) + "): " + e.getMessage()
          + " (install it with: " + install + ")").build(e);
    }
    LocalService s = new LocalService(name, p, port, log);
    long deadline = System.nanoTime() + startup.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw CoreException.of(Reason.IO, name + " exited with status " + p.exitValue() + " before it listened: " + s.tail()).build();
      }
      try (Socket ignored = new Socket()) {
        ignored.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return s;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          s.close();
          throw CoreException.of(Reason.IO, "interrupted while starting " + name).build(e);
        }
      }
    }
    s.close();
    throw CoreException.of(Reason.IO, name + " did not listen on 127.0.0.1:" + port + " within " + startup.toSeconds() + " s: " + s.tail())
        .build();
  }

  /** The repository root: the {@value #HOME_PROPERTY} property, else the nearest folder upwards with a {@code scripts/setup}. */
  public static Path home() {
    String h = System.getProperty(HOME_PROPERTY);
    if (h != null) return Path.of(h);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("scripts").resolve("setup"))) return p;
    }
    return Path.of("").toAbsolutePath();
  }

  private static int freePort() throws CoreException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw CoreException.of(Reason.IO, "no free port on 127.0.0.1").build(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private String tail() {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process (and its children) and removes the log. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A temporary log left behind loses nothing.
    }
  }

  @Override
  public String toString() {
    return name + " at " + url();
  }
}
