package dev.zkautograd.generator.companion;

import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for the companion's tests: real requests over 127.0.0.1, answers parsed as JSON where they are. */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public Http(URI base) {
    this.base = base;
  }

  /** A response: status, headers, body. */
  public record Answer(int status, HttpResponse<byte[]> raw) {
    public String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      try {
        return (JsonObject) Json.parse(raw.body());
      } catch (dev.zkautograd.core.CoreException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5)).GET().build());
  }

  public Answer post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** POSTs multipart/form-data: each value is a String (a field) or byte[] (a file part). */
  public Answer multipart(String path, Map<String, Object> parts) throws IOException, InterruptedException {
    String boundary = "zkautograd-test-boundary-7d3f";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, Object> p : parts.entrySet()) {
      out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
      if (p.getValue() instanceof byte[] b) {
        out.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"; filename=\"" + p.getKey() + ".bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
      } else {
        out.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(p.getValue().toString().getBytes(StandardCharsets.UTF_8));
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
  }

  public static Map<String, Object> parts(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private Answer send(HttpRequest r) throws IOException, InterruptedException {
    HttpResponse<byte[]> res = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(res.statusCode(), res);
  }
}
