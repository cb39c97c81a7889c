package dev.zkautograd.core.log;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reading, writing and comparing the golden vector files under {@code src/test/resources/vectors}
 * (shared by the log and checkpoint tests and their generators).
 */
public final class VectorFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VectorFiles() {}

  /**
   * The vectors folder: {@code src/test/resources/vectors} of the core module, found from the
   * module directory (surefire) or the repository root (a generator run with exec:java).
   */
  public static Path root() {
    Path fromModule = Path.of("src", "test", "resources", "vectors");
    Path fromRepo = Path.of("core").resolve(fromModule);
    return Files.isDirectory(fromRepo) && !Files.isDirectory(fromModule) ? fromRepo : fromModule;
  }

  /** A new JSON object whose members keep their insertion order. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Two-space indented JSON with "\n" line ends and a final newline: the same bytes everywhere. */
  public static String write(JsonNode node) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /** Every {@code .json} file under {@code folder}, sorted by path. */
  public static List<Path> jsonFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      List<Path> out = new ArrayList<>();
      files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under {@code folder} as path relative to it (with '/') → content. */
  public static SortedMap<String, String> contents(Path folder) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String rel = folder.relativize(p).toString().replace('\\', '/');
        out.put(rel, Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Writes {@code files} (relative path → content) under {@code folder}, creating folders. */
  public static void writeAll(Path folder, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = folder.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** A hex digest member, parsed as strictly as any other untrusted input. */
  public static Digest digest(JsonNode node, String member) throws CoreException {
    return Digest.parseHex(node.get(member).asText(), member);
  }

  /** A JSON array of hex digests. */
  public static List<Digest> digests(JsonNode array, String member) throws CoreException {
    List<Digest> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(Digest.parseHex(n.asText(), member));
    }
    return out;
  }

  /** The expected error reason of a vector, or null for a good one. */
  public static CoreException.Reason wantErr(JsonNode vector) {
    JsonNode w = vector.get("wantErr");
    return w == null || w.isNull() ? null : CoreException.Reason.valueOf(w.asText());
  }
}
