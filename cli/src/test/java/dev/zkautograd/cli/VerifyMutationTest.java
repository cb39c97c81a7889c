package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips single bytes all over a freshly written run and shows that {@code verify} rejects every
 * mutant (exit 1) and that the <b>first</b> FAIL row of its report names the mutated file (the
 * checks run from the signed files outwards, so a flip is reported where it was made, not where it
 * merely disagrees with something).
 *
 * <p>Mutations: XOR with a random non-zero byte. Every byte of each file of at most {@value
 * #SMALL_FILE} bytes (checkpoint, merkle_root.txt, anchors.json, every proof); in larger files
 * (steps.jsonl, run_manifest.json) random offsets, in proportion to their size and at least {@value
 * #MIN_PER_FILE} each. Verification runs in this JVM with the anchor folder given, so that the
 * receipt in anchors.json is re-checked too.
 */
class VerifyMutationTest {
  static final int SMALL_FILE = 512;
  static final int MIN_PER_FILE = 200;
  static final int LARGE_FILE_BUDGET = 1500;
  static final int AT_LEAST = 2000;

  @Test
  void every_single_byte_flip_is_rejected_naming_the_file(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run");
    Path anchor = tmp.resolve("anchor");
    SyntheticRun.write(run, anchor, "run-mutation", 8, 2, 96);
    String[] args = {"verify", "--run", run.toString(), "--anchor-dir", anchor.toString(), "--json", "--threads", "1"};
    assertEquals(0, Cli.run(args).exit(), "the unmutated run verifies");

    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(run)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.put(run.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    assertEquals(3 + 2 + 16, files.size(), "log files, manifest, anchors.json and 16 proofs: " + files.keySet());
    long largeBytes = files.values().stream().filter(b -> b.length > SMALL_FILE).mapToLong(b -> b.length).sum();

    long seed = Long.getLong("zka.seed", new Random().nextLong());
    Random random = new Random(seed);
    List<String> misses = new ArrayList<>();
    int mutations = 0;
    Map<String, Integer> perFile = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] original = f.getValue();
      boolean small = original.length <= SMALL_FILE;
      int count = small ? original.length : (int) Math.max(MIN_PER_FILE, LARGE_FILE_BUDGET * original.length / largeBytes);
      Path target = run.resolve(f.getKey());
      for (int i = 0; i < count; i++) {
        int at = small ? i : random.nextInt(original.length);
        int xor = 1 + random.nextInt(255);
        byte[] mutant = original.clone();
        mutant[at] ^= (byte) xor;
        Files.write(target, mutant);
        Cli r = Cli.run(args);
        String named = r.exit() == 1 ? firstFailedFile(r) : null;
        if (r.exit() != 1 || !f.getKey().equals(named)) {
          misses.add(f.getKey() + " byte " + at + " ^ 0x" + Integer.toHexString(xor) + ": exit " + r.exit() + ", first failure names "
              + named + (r.exit() == 1 ? "" : "\n" + r));
        }
        mutations++;
      }
      Files.write(target, original);
      perFile.put(f.getKey(), count);
    }
    assertEquals(0, Cli.run(args).exit(), "the run is whole again");
    assertTrue(mutations >= AT_LEAST, mutations + " mutations");
    assertTrue(misses.isEmpty(), misses.size() + " of " + mutations + " mutations not rejected naming their file (seed " + seed
        + ", rerun with -Dzka.seed=" + seed + "):\n" + String.join("\n", misses.subList(0, Math.min(20, misses.size()))));
    System.out.println("VerifyMutationTest: " + mutations + " single-byte mutations, all rejected naming their file (seed " + seed
        + "): " + perFile);
  }

  private static String firstFailedFile(Cli r) throws Exception {
    JsonObject first = VerifyCommandTest.firstFailure(VerifyCommandTest.json(r));
    if (first == null) return null;
    JsonValue file = first.get("file");
    return file instanceof JsonString s ? s.value() : null;
  }

  @SuppressWarnings("unused")
  private static int rows(JsonObject report) {
    return ((JsonArray) report.get("results")).size();
  }
}
