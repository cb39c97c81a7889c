package dev.zkautograd.core.run;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonFuzzing;
import dev.zkautograd.core.json.JsonGen;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.testing.Seeded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parsers of untrusted run files (and released model states) throw only CoreException, for random bytes and for mutations of
 * valid files; and the Jazzer target for JSON + step records, which in the normal run replays its
 * seed corpus ({@code FormatsFuzzTestInputs/jsonAndStepRecord/}).
 */
class FormatsFuzzTest {

  /** One input through every parser. Anything but a CoreException escapes and fails the caller. */
  static void parseAll(byte[] input) {
    JsonFuzzing.parseAnything(input);
    try {
      StepRecord r = StepRecord.parse(input);
      // What parses seals back to the same bytes.
      if (!java.util.Arrays.equals(input, StepRecord.seal(r.draft(), r.prev()).line())) {
        throw new AssertionError("a parsed record does not re-seal to its bytes");
      }
    } catch (CoreException expected) {
      // the typed refusal
    }
    try {
      SignedManifest m = SignedManifest.parse(input);
      if (!SignedManifest.parse(m.bytes()).equals(m)) throw new AssertionError("manifest does not round-trip");
    } catch (CoreException expected) {
      // the typed refusal
    }
    try {
      Anchors a = Anchors.parse(input);
      if (!Anchors.parse(a.bytes()).equals(a)) throw new AssertionError("anchors do not round-trip");
    } catch (CoreException expected) {
      // the typed refusal
    }
    try {
      MerkleRootFile.parse(input);
    } catch (CoreException expected) {
      // the typed refusal
    }
    try {
      ModelState m = ModelState.parse(input);
      if (!java.util.Arrays.equals(input, m.toBytes())) throw new AssertionError("model state does not round-trip");
    } catch (CoreException expected) {
      // the typed refusal
    }
  }

  @FuzzTest(maxDuration = "30s")
  void jsonAndStepRecord(byte[] input) {
    parseAll(input);
  }

  private static List<byte[]> validFiles() throws Exception {
    List<byte[]> out = new ArrayList<>();
    Path golden = VectorsTest.VECTORS.resolve("run/golden-run-chunked");
    for (String f : new String[] {RunLayout.MANIFEST, RunLayout.ANCHORS, RunLayout.MERKLE_ROOT}) out.add(Files.readAllBytes(golden.resolve(f)));
    RunSpec spec = RunFixtures.spec("run-f", 3);
    out.add(StepRecord.seal(RunFixtures.step(spec, 4, 8).draft(), HashChain.genesis("run-f")).line());
    out.add(ModelStateTest.ADAM_3.toBytes());
    return out;
  }

  @Test
  void random_bytes_throw_only_core_exception() {
    Seeded.check(3000, r -> parseAll(JsonGen.bytes(r)));
  }

  @Test
  void mutated_run_files_throw_only_core_exception() throws Exception {
    List<byte[]> valid = validFiles();
    for (byte[] v : valid) parseAll(v);
    Seeded.check(3000, r -> parseAll(JsonFuzzing.mutate(valid.get(r.nextInt(valid.size())), r)));
  }

  @Test
  void structurally_mutated_records_throw_only_core_exception() throws Exception {
    byte[] record = validFiles().get(3);
    dev.zkautograd.core.json.JsonValue doc = dev.zkautograd.core.json.Json.parse(record);
    String[] paths = {"step", "params", "chunks[1].offset", "chunks[2].length", "optimizer.beta1", "optimizer", "chunks", "prev",
        "quantisation", "signature", "chunks[0].proof", "loss", "format", "run"};
    Seeded.check(2000, r -> {
      String path = paths[r.nextInt(paths.length)];
      dev.zkautograd.core.json.JsonValue v = r.nextInt(5) == 0 ? null : JsonGen.value(new Random(r.nextLong()));
      dev.zkautograd.core.json.JsonValue edited;
      try {
        edited = dev.zkautograd.core.json.JsonEdit.set(doc, path, v);
      } catch (RuntimeException notApplicable) {
        return;
      }
      parseAll(dev.zkautograd.core.json.Json.write(edited));
    });
  }
}
