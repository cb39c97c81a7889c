package dev.zkautograd.core.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonFuzzing;
import dev.zkautograd.core.testing.Seeded;
import java.nio.file.Path;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.Anchors;
import dev.zkautograd.core.run.MemoryRunFiles;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.SignedManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit over untrusted run files: whatever the bytes, it returns a report (never an exception),
 * and a run with a file changed in substance never passes. Seeded random mutations in the normal run, and a
 * Jazzer target that replays {@code RunAuditFuzzTestInputs/mutatedRun/} (and fuzzes under {@code
 * JAZZER_FUZZ=1}).
 */
class RunAuditFuzzTest {
  private static final MemoryRunFiles GOLDEN = load();

  private static MemoryRunFiles load() {
    try {
      return RunDirs.load(Path.of("src/test/resources/vectors/run/golden-run-chunked"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Replaces one file of the golden run by {@code replacement}, audits it, and fails if the audit
   * throws anything, or passes a run that differs in substance: every byte of the log files and
   * proofs counts; run_manifest.json may be laid out differently but must hold the same signed
   * value; anchors.json the same tree heads (its other members are re-checked only at the anchor).
   */
  static void auditWith(int fileIndex, byte[] replacement) throws CoreException {
    List<String> names = new ArrayList<>(GOLDEN.paths());
    String name = names.get(Math.floorMod(fileIndex, names.size()));
    byte[] original = GOLDEN.bytes(name);
    AuditReport report = RunAudit.audit(GOLDEN.with(name, replacement), AuditOptions.defaults());
    if (!report.passed() || Arrays.equals(replacement, original)) {
      return;
    }
    boolean same = switch (name) {
      case RunLayout.MANIFEST -> SignedManifest.parse(replacement).equals(SignedManifest.parse(original));
      case RunLayout.ANCHORS -> heads(Anchors.parse(replacement)).equals(heads(Anchors.parse(original)));
      default -> false;
    };
    if (!same) {
      throw new AssertionError(name + " changed in substance, yet the run passed");
    }
  }

  private static List<String> heads(Anchors a) {
    List<String> out = new ArrayList<>();
    for (AnchorReceipt r : a.receipts()) out.add(r.treeSize() + " " + r.root());
    return out;
  }

  @Test
  void the_golden_run_in_memory_passes() throws CoreException {
    assertTrue(RunAudit.audit(GOLDEN, AuditOptions.defaults()).passed());
  }

  @Test
  void mutated_files_never_pass_and_never_throw() {
    List<String> names = new ArrayList<>(GOLDEN.paths());
    Seeded.check(400, r -> {
      int i = r.nextInt(names.size());
      auditWith(i, JsonFuzzing.mutate(GOLDEN.bytes(names.get(i)), r));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void mutatedRun(byte[] input) throws CoreException {
    if (input.length > 0) {
      auditWith(input[0], Arrays.copyOfRange(input, 1, input.length));
    }
  }
}
