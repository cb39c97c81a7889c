package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.log.VectorFiles;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks {@code vectors/checkpoint/{notes,keys,interop}}: generated golden and broken vectors, and
 * third-party notes and keys (Go's sumdb/note, C2SP, transparency-dev, sum.golang.org).
 */
class CheckpointVectorsTest {
  private static final Path CHECKPOINT = VectorFiles.root().resolve("checkpoint");

  @Test
  void committedVectorsAreWhatTheGeneratorWrites() {
    SortedMap<String, String> committed = new TreeMap<>();
    for (String folder : CheckpointVectorGenerator.FOLDERS) {
      VectorFiles.contents(CHECKPOINT.resolve(folder))
          .forEach((k, v) -> committed.put(folder + "/" + k, v));
    }
    assertSame(CheckpointVectorGenerator.vectors(), committed);
    assertSame(CheckpointVectorGenerator.fuzzSeeds(), VectorFiles.contents(
        VectorFiles.root().resolve("..").resolve(CheckpointVectorGenerator.FUZZ_SEEDS)));
  }

  private static void assertSame(SortedMap<String, String> generated,
      SortedMap<String, String> committed) {
    assertEquals(generated.keySet(), committed.keySet(),
        "files differ from the generator's: run CheckpointVectorGenerator");
    generated.forEach((name, content) -> assertEquals(content, committed.get(name),
        name + " differs from the generator's output: run CheckpointVectorGenerator"));
  }

  @TestFactory
  Stream<DynamicTest> vectors() {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("notes", "keys", "interop")) {
      List<Path> in = VectorFiles.jsonFiles(CHECKPOINT.resolve(folder));
      assertFalse(in.isEmpty(), "no vectors in " + folder);
      files.addAll(in);
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(
        CHECKPOINT.relativize(file).toString().replace('\\', '/'), () -> {
          JsonNode v = VectorFiles.read(file);
          CoreException.Reason want = VectorFiles.wantErr(v);
          if (want == null) {
            check(v);
          } else {
            CoreException e = assertThrows(CoreException.class, () -> check(v));
            assertEquals(want, e.reason(), e.getMessage());
          }
        }));
  }

  private static void check(JsonNode v) throws CoreException {
    if (v.has("note")) {
      checkNote(v);
    } else {
      checkKey(v);
    }
  }

  private static void checkNote(JsonNode v) throws CoreException {
    NoteVerifier key = NoteVerifier.parse(v.get("verifierKey").asText());
    String text = v.get("note").asText();
    SignedNote note = SignedNote.parse(text);
    assertEquals(text, note.text(), "a parsed note is written back as it was read");
    if (!v.has("origin")) {
      note.verify(key);
      return;
    }
    Checkpoint cp = Checkpoint.open(note, key, v.get("origin").asText());
    JsonNode want = v.get("want");
    assertEquals(want.get("size").asLong(), cp.size());
    assertEquals(want.get("root").asText(), cp.root().hex());
    List<String> ext = new ArrayList<>();
    want.get("extensions").forEach(e -> ext.add(e.asText()));
    assertEquals(ext, cp.extensions());
    assertEquals(note.body(), cp.body(), "a parsed checkpoint is written back as it was read");
  }

  private static void checkKey(JsonNode v) throws CoreException {
    InsecureSecretAccess access = InsecureSecretAccess.get();
    if (v.has("privateKey")) {
      String skey = v.get("privateKey").asText();
      NoteSigner signer = NoteSigner.parse(skey, access);
      assertEquals(skey, signer.encodePrivate(access));
      if (v.has("verifierKey")) {
        assertEquals(v.get("verifierKey").asText(), signer.verifier().encode());
      }
    } else {
      String vkey = v.get("verifierKey").asText();
      assertEquals(vkey, NoteVerifier.parse(vkey).encode());
    }
  }
}
