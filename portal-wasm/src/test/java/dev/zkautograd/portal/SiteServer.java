package dev.zkautograd.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A static site on 127.0.0.1 as a site generator would lay it out, served by the JDK's own HTTP
 * server: {@code /assets/verifier/} from the portal-wasm jar's resources (the built verifier),
 * {@code /runs/NAME/} from folders on disk, and pages the test writes. Every request path is
 * recorded, so a test can show what the page fetched.
 */
final class SiteServer implements AutoCloseable {
  static final String ASSETS = "dev/zkautograd/portal/assets/verifier/";

  private final HttpServer server;
  private final Map<String, Path> runs = new ConcurrentHashMap<>();
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  SiteServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "site-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The site's root URL, ending in "/". */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Serves {@code dir} at {@code /runs/NAME/}. */
  void run(String name, Path dir) {
    runs.put(name, dir);
  }

  /** Serves {@code html} at {@code /PATH}. */
  void page(String path, String html) {
    pages.put(path, html);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(path);
    try (ex) {
      byte[] body = null;
      String type = "application/octet-stream";
      if (path.startsWith("/assets/verifier/")) {
        String name = path.substring("/assets/verifier/".length());
        if (name.matches("[A-Za-z0-9._-]+")) {
          try (InputStream in = SiteServer.class.getClassLoader().getResourceAsStream(ASSETS + name)) {
            if (in != null) body = in.readAllBytes();
          }
        }
        type = name.endsWith(".wasm") ? "application/wasm" : name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css"
            : type;
      } else if (path.startsWith("/runs/")) {
        String rest = path.substring("/runs/".length());
        int slash = rest.indexOf('/');
        Path dir = slash < 0 ? null : runs.get(rest.substring(0, slash));
        if (dir != null && !rest.contains("..")) {
          Path f = dir.resolve(rest.substring(slash + 1));
          if (Files.isRegularFile(f)) body = Files.readAllBytes(f);
        }
      } else if (pages.containsKey(path.substring(1))) {
        body = pages.get(path.substring(1)).getBytes(StandardCharsets.UTF_8);
        type = "text/html; charset=utf-8";
      }
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
