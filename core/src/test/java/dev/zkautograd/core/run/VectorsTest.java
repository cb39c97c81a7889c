package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the committed vectors: every good one reads (and canonical JSON matches the oracle), every
 * broken one, named {@code <breakage>.<REASON>[.json]}, is refused with that reason. Set
 * {@code -Dzka.regenerate=true} to rewrite them with {@link VectorGenerator}.
 */
class VectorsTest {
  static final Path VECTORS = Path.of("src/test/resources/vectors");

  private static List<Path> list(String sub) throws IOException {
    try (Stream<Path> s = Files.list(VECTORS.resolve(sub))) {
      return s.sorted().toList();
    }
  }

  /** The reason in a broken vector's name, or null for a good one. */
  static Reason expected(Path p) {
    String n = p.getFileName().toString().replaceFirst("\\.json$", "");
    int dot = n.lastIndexOf('.');
    if (dot < 0) return null;
    try {
      return Reason.valueOf(n.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @TestFactory
  Stream<DynamicTest> json() throws IOException {
    return list("json").stream().filter(p -> !p.toString().endsWith(".canonical.json")).map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] in = Files.readAllBytes(p);
      Reason want = expected(p);
      if (want != null) {
        assertEquals(want, assertThrows(CoreException.class, () -> Json.parse(in, JsonParseOptions.CANONICAL)).reason());
        return;
      }
      byte[] canonical = Files.readAllBytes(Path.of(p.toString().replace(".in.json", ".canonical.json")));
      assertArrayEquals(canonical, Json.write(Json.parse(in)));
      assertArrayEquals(canonical, new JsonCanonicalizer(in).getEncodedUTF8());
      Json.parse(canonical, JsonParseOptions.CANONICAL);
    }));
  }

  @TestFactory
  Stream<DynamicTest> stepRecords() throws IOException {
    return list("step-record").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] line = Files.readAllBytes(p);
      Reason want = expected(p);
      if (want == null) {
        assertTrue(p.getFileName().toString().startsWith("good-"), "a vector is good-* or <breakage>.<REASON>");
        assertArrayEquals(line, StepRecord.parse(line).line());
        return;
      }
      CoreException e = assertThrows(CoreException.class, () -> StepRecord.parse(line));
      assertEquals(want, e.reason(), e.getMessage());
    }));
  }

  @TestFactory
  Stream<DynamicTest> runs() throws IOException {
    return list("run").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Reason want = expected(p);
      if (want == null) {
        Run run = RunReader.read(p);
        run.checkFiles();
        return;
      }
      CoreException e = assertThrows(CoreException.class, () -> RunReader.read(p).checkFiles());
      assertEquals(want, e.reason(), e.getMessage());
      assertTrue(e.file() != null, "errors name the file: " + e.getMessage());
    }));
  }

  @Test
  void golden_run_is_what_the_cli_tests_expect() throws CoreException {
    Run run = RunReader.read(VECTORS.resolve("run/golden-run"));
    assertTrue(run.finished());
    assertEquals(3, run.steps().size());
    assertEquals(3, run.checkpointSize());
    assertEquals(1, run.anchors().receipts().size());
    assertEquals(FileCounterAnchor.KIND, run.anchors().receipts().get(0).kind());
    assertEquals(run.merkleRoot(), run.anchors().receipts().get(0).root());
    Run crashed = RunReader.read(VECTORS.resolve("run/crashed-run"));
    assertFalse(crashed.finished());
    assertEquals(2, crashed.steps().size());
    assertTrue(crashed.log().droppedTail() > 0);
  }

  @Test
  void regenerating_gives_identical_bytes(@TempDir Path tmp) throws Exception {
    if (Boolean.getBoolean("zka.regenerate")) {
      VectorGenerator.generate(VECTORS);
    }
    VectorGenerator.generate(tmp);
    List<String> committed = generatedFolders(VECTORS);
    assertEquals(committed, generatedFolders(tmp));
    for (String f : committed) {
      assertArrayEquals(Files.readAllBytes(VECTORS.resolve(f)), Files.readAllBytes(tmp.resolve(f)), f);
    }
  }

  /** The files under the folders this generator owns; the log and checkpoint vectors have their own. */
  private static List<String> generatedFolders(Path root) throws IOException {
    List<String> files = new java.util.ArrayList<>();
    for (String folder : List.of("json", "step-record", "run", "torrent")) {
      relativeFiles(root.resolve(folder)).forEach(f -> files.add(folder + "/" + f));
    }
    return files;
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
