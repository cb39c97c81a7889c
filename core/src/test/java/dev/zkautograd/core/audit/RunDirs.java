package dev.zkautograd.core.audit;

import dev.zkautograd.core.run.MemoryRunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Loads a run folder into memory, as the browser verifier holds the files it fetched. */
final class RunDirs {
  private RunDirs() {}

  static MemoryRunFiles load(Path dir) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
    }
    return MemoryRunFiles.whole(m);
  }
}
