package dev.zkautograd.enclave.keyrelease;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * moto's server (the Python registry's local AWS endpoint, installed into {@code .venv} by {@code
 * scripts/setup/30-python.sh}) as a real process on 127.0.0.1. It stands in for AWS KMS's key store
 * and its CreateKey / Encrypt / Decrypt; it does not check attestation or key policies.
 */
final class MotoServer implements AutoCloseable {
  final Process process;
  final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MotoServer start() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path exe = null;
    for (Path p = root; p != null && exe == null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve(".venv/bin/moto_server"))) exe = p.resolve(".venv/bin/moto_server");
    }
    if (exe == null) {
      throw new AssertionError("moto_server is missing: run `source scripts/setup/30-python.sh` from the repository root "
          + "(scripts/test.sh does), which installs moto[server] into .venv");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    MotoServer m = new MotoServer(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) throw new AssertionError("moto_server exited with " + p.exitValue());
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(m.url() + "/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() > 0) return m;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    m.close();
    throw new AssertionError("moto_server did not answer within 60 s");
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
