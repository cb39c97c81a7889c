package dev.zkautograd.portal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the files a step page fetches (on the JVM, the same code as the WebAssembly
 * build): a byte flipped anywhere in the manifest, the log, the checkpoint, the root file or the
 * viewed step's proofs is never accepted, never crashes the verifier, and is named by a FAIL row of
 * the file it was made in. ({@code anchors.json} is left out: a receipt's time, counter and
 * reference are only the run's claim until re-checked at the anchor, which a page cannot do.)
 * {@code -Dzka.seed=N} repeats a run.
 */
class BrowserVerifierMutationTest {
  static final Path RUN = BrowserVectorsTest.CORE.resolve("run/golden-run-chunked");

  @Test
  void everyFlippedByteIsCaughtInItsFile() throws Exception {
    long seed = Long.getLong("zka.seed", System.nanoTime());
    Random random = new Random(seed);
    FetchedRun honest = load(Map.of());
    List<String> paths = new ArrayList<>(List.of("run_manifest.json", "steps.jsonl", "checkpoint", "merkle_root.txt"));
    for (String p : honest.proofFiles(1)) paths.add(p);
    Verdict baseline = Verdict.parse(honest.verify("{\"step\":1}"));
    // The vector's proofs are placeholders: only the STARK check fails on the unmutated run.
    assertTrue(baseline.failures().stream().allMatch(r -> r.check().equals("proof.verify")), baseline::toString);
    for (int i = 0; i < 300; i++) {
      String path = paths.get(random.nextInt(paths.size()));
      byte[] bytes = Files.readAllBytes(RUN.resolve(path));
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 + random.nextInt(255));
      String json = load(Map.of(path, bytes)).verify("{\"step\":1}");
      BrowserVerifierFuzzTest.verdict(json);
      Verdict v = Verdict.parse(json);
      String what = "seed " + seed + ", byte " + at + " of " + path + ": " + v;
      assertFalse(v.passed(), what);
      assertTrue(v.failures().stream().anyMatch(r -> path.equals(r.file()) && !r.check().equals("proof.verify")), what);
    }
  }

  private static FetchedRun load(Map<String, byte[]> replaced) throws Exception {
    FetchedRun run = new FetchedRun();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String f : List.of("run_manifest.json", "steps.jsonl", "checkpoint", "merkle_root.txt", "anchors.json")) {
      files.put(f, Files.readAllBytes(RUN.resolve(f)));
    }
    files.putAll(replaced);
    files.forEach(run::add);
    for (String p : run.proofFiles(1)) {
      run.add(p, replaced.containsKey(p) ? replaced.get(p) : Files.readAllBytes(RUN.resolve(p)));
    }
    return run;
  }
}
