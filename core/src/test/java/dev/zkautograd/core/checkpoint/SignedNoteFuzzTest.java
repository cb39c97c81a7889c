package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for the untrusted-input path of a checkpoint: note bytes → {@link SignedNote} →
 * signature check → {@link Checkpoint}. In the normal test run it replays the seed corpus in
 * {@code SignedNoteFuzzTestInputs/parseAndVerify} (written by {@link CheckpointVectorGenerator});
 * fuzz it with {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=SignedNoteFuzzTest}.
 */
class SignedNoteFuzzTest {
  private static final NoteVerifier LOG = CheckpointVectorGenerator.LOG.verifier();

  @FuzzTest(maxDuration = "2m")
  void parseAndVerify(byte[] input) {
    SignedNote note;
    try {
      note = SignedNote.parse(input);
    } catch (CoreException e) {
      return; // the one way to refuse
    }
    assertArrayEquals(input, note.text().getBytes(StandardCharsets.UTF_8),
        "an accepted note is written back byte for byte");
    try {
      note.verify(LOG);
    } catch (CoreException e) {
      return;
    }
    try {
      Checkpoint cp = Checkpoint.open(note, LOG, CheckpointVectorGenerator.ORIGIN);
      assertEquals(note.body(), cp.body(), "an accepted checkpoint is written back as it was");
    } catch (CoreException e) {
      // a correctly signed body that is not a checkpoint of this run
    }
  }
}
