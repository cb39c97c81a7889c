package dev.zkautograd.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The repository the tests run in, and its files as text, YAML or JSON (JSON is read as YAML 1.2, its superset). */
final class Repo {
  static final Path ROOT = findRoot();

  private Repo() {}

  private static Path findRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(".ci/run")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
    }
    throw new AssertionError("not inside the zk-autograd repository (no .ci/run above " + Path.of("").toAbsolutePath() + ")");
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  static Object yaml(String relative) {
    return new Load(LoadSettings.builder().setLabel(relative).setAllowDuplicateKeys(false).build()).loadFromString(text(relative));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String where) {
    if (!(o instanceof Map)) throw new AssertionError(where + " is not a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o, String where) {
    if (!(o instanceof List)) throw new AssertionError(where + " is not a list: " + o);
    return (List<Object>) o;
  }
}
