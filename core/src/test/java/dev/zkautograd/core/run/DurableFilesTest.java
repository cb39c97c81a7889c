package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DurableFilesTest {
  /** A relative folder whose first element does not exist yet ({@code artifacts/.private/RUN} in a fresh folder). */
  @Test
  void createsARelativeFolderWhoseFirstElementIsMissing() throws Exception {
    Path top = Path.of("durable-files-test-" + UUID.randomUUID());
    try {
      Path dir = top.resolve(".private").resolve("run-20261201-120000");
      DurableFiles.createDirectories(dir);
      assertTrue(Files.isDirectory(dir));
      DurableFiles.createDirectories(dir); // and again: nothing to do
    } finally {
      if (Files.exists(top)) {
        try (Stream<Path> s = Files.walk(top)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
    }
  }
}
