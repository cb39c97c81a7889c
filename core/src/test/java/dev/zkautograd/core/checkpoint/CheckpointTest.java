package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.RunLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  @Test
  void bodyIsTheC2spLayout() {
    Checkpoint cp = Checkpoint.of("zk-autograd/run-1", 8, MerkleTree.emptyRoot());
    assertEquals("zk-autograd/run-1\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", cp.body());
    Checkpoint ext = new Checkpoint("o", 0, MerkleTree.emptyRoot(), List.of("e1", "e2"));
    assertEquals("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ne1\ne2\n", ext.body());
  }

  @Test
  void parseIsTheInverseOfBody() throws CoreException {
    Checkpoint cp = new Checkpoint("go.sum database tree", Long.MAX_VALUE, MerkleTree.emptyRoot(),
        List.of("x"));
    assertEquals(cp, Checkpoint.parse(cp.body()));
  }

  @Test
  void runOriginIsZkAutogradSlashRunId() {
    assertEquals("zk-autograd/run-20261124-101500", RunLayout.origin("run-20261124-101500"));
    for (String bad : new String[] {"", "a b", "a+b", "a/b", "\u00e9", "x".repeat(65), "-run"}) {
      assertThrows(IllegalArgumentException.class, () -> RunLayout.origin(bad), bad);
    }
  }

  @Test
  void constructorRefusesWhatCannotBeWritten() {
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.of("", 1, MerkleTree.emptyRoot()));
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.of("a\nb", 1, MerkleTree.emptyRoot()));
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.of("a", -1, MerkleTree.emptyRoot()));
    assertThrows(IllegalArgumentException.class,
        () -> new Checkpoint("a", 1, MerkleTree.emptyRoot(), List.of("")));
  }

  @Test
  void parseNamesTheField() {
    String root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    assertField(Reason.MALFORMED, "checkpoint", "o\n1\n" + root);
    assertField(Reason.MALFORMED, "checkpoint", "");
    assertField(Reason.MISSING_FIELD, "origin", "\n1\n" + root + "\n");
    assertField(Reason.MISSING_FIELD, "size", "o\n");
    assertField(Reason.MISSING_FIELD, "size", "o\n\n" + root + "\n");
    assertField(Reason.BAD_FIELD, "size", "o\n0x10\n" + root + "\n");
    assertField(Reason.BAD_FIELD, "size", "o\n\u0661\n" + root + "\n"); // Arabic-Indic one
    assertField(Reason.TOO_LARGE, "size", "o\n" + "9".repeat(400) + "\n" + root + "\n");
    assertField(Reason.NOT_CANONICAL, "root", "o\n1\n" + root.replace("U=", "V=") + "\n");
    assertField(Reason.MALFORMED, "extension line 2", "o\n1\n" + root + "\ne\n\n");
    assertField(Reason.TOO_LARGE, "checkpoint", "o\n1\n" + root + "\n"
        + ("e".repeat(1000) + "\n").repeat(70));
  }

  private static void assertField(Reason reason, String field, String body) {
    CoreException e = assertThrows(CoreException.class, () -> Checkpoint.parse(body));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void openChecksSignatureThenOrigin() throws CoreException {
    NoteSigner log = CheckpointVectorGenerator.LOG;
    Checkpoint cp = Checkpoint.of(log.name(), 3, MerkleTree.emptyRoot());
    SignedNote note = log.sign(cp.body());
    assertEquals(cp, Checkpoint.open(note, log.verifier(), log.name()));
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class,
        () -> Checkpoint.open(note, log.verifier(), "zk-autograd/other")).reason());
    assertEquals(Reason.SIGNATURE_INVALID, assertThrows(CoreException.class,
        () -> Checkpoint.open(note, CheckpointVectorGenerator.WITNESS.verifier(), log.name()))
        .reason());
  }
}
