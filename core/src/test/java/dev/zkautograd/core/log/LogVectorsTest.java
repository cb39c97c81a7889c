package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Walks the generated vectors of {@code vectors/log/{inclusion,consistency,chain}}. */
class LogVectorsTest {
  private static final Path LOG = VectorFiles.root().resolve("log");

  @Test
  void committedVectorsAreWhatTheGeneratorWrites() {
    SortedMap<String, String> committed = new TreeMap<>();
    for (String folder : LogVectorGenerator.FOLDERS) {
      VectorFiles.contents(LOG.resolve(folder)).forEach((k, v) -> committed.put(folder + "/" + k, v));
    }
    SortedMap<String, String> generated = LogVectorGenerator.generate();
    assertEquals(generated.keySet(), committed.keySet(),
        "vector files differ from the generator's: run LogVectorGenerator");
    generated.forEach((name, content) -> assertEquals(content, committed.get(name),
        name + " differs from the generator's output: run LogVectorGenerator"));
  }

  @TestFactory
  Stream<DynamicTest> inclusionVectors() {
    return walk("inclusion", v -> {
      InclusionProof proof = new InclusionProof(v.get("index").asLong(), v.get("treeSize").asLong(),
          VectorFiles.digests(v.get("path"), "path"));
      proof.verify(VectorFiles.digest(v, "leafHash"), VectorFiles.digest(v, "root"));
    });
  }

  @TestFactory
  Stream<DynamicTest> consistencyVectors() {
    return walk("consistency", v -> {
      ConsistencyProof proof = new ConsistencyProof(v.get("oldSize").asLong(),
          v.get("newSize").asLong(), VectorFiles.digests(v.get("path"), "path"));
      proof.verify(VectorFiles.digest(v, "oldRoot"), VectorFiles.digest(v, "newRoot"));
    });
  }

  @TestFactory
  Stream<DynamicTest> chainVectors() {
    return VectorFiles.jsonFiles(LOG.resolve("chain")).stream().map(file ->
        DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
          JsonNode v = VectorFiles.read(file);
          assertEquals(HashChain.genesis(v.get("runId").asText()), VectorFiles.digest(v, "genesis"));
          CoreException.Reason want = VectorFiles.wantErr(v);
          if (want == null) {
            walkChain(v);
          } else {
            CoreException e = assertThrows(CoreException.class, () -> walkChain(v));
            assertEquals(want, e.reason(), e.getMessage());
            assertEquals(v.get("wantStep").asLong(), e.step(), e.getMessage());
          }
        }));
  }

  private static void walkChain(JsonNode v) throws CoreException {
    Digest prev = HashChain.genesis(v.get("runId").asText());
    List<Digest> chain = VectorFiles.digests(v.get("chain"), "chain");
    JsonNode records = v.get("records");
    for (int i = 0; i < chain.size(); i++) {
      HashChain.checkLink(i, prev, records.get(i).asText().getBytes(StandardCharsets.UTF_8),
          chain.get(i));
      prev = chain.get(i);
    }
  }

  interface Check {
    void run(JsonNode vector) throws CoreException;
  }

  private static Stream<DynamicTest> walk(String folder, Check check) {
    List<Path> files = VectorFiles.jsonFiles(LOG.resolve(folder));
    assertFalse(files.isEmpty(), "no vectors in " + folder);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      JsonNode v = VectorFiles.read(file);
      CoreException.Reason want = VectorFiles.wantErr(v);
      if (want == null) {
        check.run(v);
      } else {
        CoreException e = assertThrows(CoreException.class, () -> check.run(v));
        assertEquals(want, e.reason(), e.getMessage());
      }
    }));
  }
}
