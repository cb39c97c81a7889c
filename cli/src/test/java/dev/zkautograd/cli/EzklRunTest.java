package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run proven with {@code --backend ezkl} end to end through the commands: keys from {@code
 * zk-setup-zk} (made once per build in the shared test-key folder), the demo's two chained Adam steps,
 * {@code verify --key-dir}, the refusals without keys, and EZKL's Solidity verifier with a proof's
 * calldata. Needs the project's {@code .venv} (installed by scripts/test.sh); fails, not skips,
 * without it.
 */
class EzklRunTest {
  static Path keys;
  static Path runs;
  static Path run;

  @BeforeAll
  static void setUpAndTrain(@TempDir Path tmp) throws Exception {
    keys = Path.of(System.getProperty("zk.ezkl.test-keys", "target/ezkl-test-keys")).resolve("adam-16");
    if (!current(keys)) {
      Cli setup = Cli.withProofs("zk-setup-zk", "--circuit", "adam", "--dim", "16", "--out", keys.toString());
      assertEquals(0, setup.exit(), setup.toString());
      assertTrue(setup.out().contains("development SRS"), setup.toString());
    }
    runs = tmp;
    Cli demo = Cli.withProofs("demo", "--backend", "ezkl", "--key-dir", keys.toString(), "--params", "16", "--chunks", "1",
        "--steps", "2", "--out", runs.toString());
    assertEquals(0, demo.exit(), demo.toString());
    assertTrue(demo.out().contains("EZKL proofs"), demo.toString());
    try (Stream<Path> s = Files.list(runs)) {
      run = s.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
    }
  }

  /** Whether {@code dir} holds keys this build can prove with (a folder of an older graph version is made again). */
  static boolean current(Path dir) throws java.io.IOException {
    if (!Files.exists(dir.resolve("keys.json"))) return false;
    try {
      dev.zkautograd.ezkl.KeyDirectory.read(dir).checked(dev.zkautograd.ezkl.KeyDirectory.Use.PROVE);
      return true;
    } catch (dev.zkautograd.ezkl.EzklException stale) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      return false;
    }
  }

  @Test
  void the_run_records_its_backend_and_trusted_setup() throws Exception {
    String manifest = Files.readString(run.resolve("run_manifest.json"));
    assertTrue(manifest.contains("\"backend\":\"ezkl\""), manifest);
    assertTrue(manifest.contains("\"development\":true"), manifest);
    String steps = Files.readString(run.resolve("steps.jsonl"));
    assertEquals(2, steps.lines().count());
    assertTrue(steps.lines().allMatch(l -> l.contains("\"backend\":\"ezkl\"")));
  }

  @Test
  void verify_with_the_key_folder_checks_every_proof_and_the_chain() {
    Cli v = Cli.withProofs("verify", "--run", run.toString(), "--key-dir", keys.toString());
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.out().contains("2 proofs of all 2 steps verify"), v.toString());
    assertTrue(v.err().contains("development SRS"), v.toString());
  }

  @Test
  void an_ezkl_run_without_its_keys_is_unusable_input() {
    Cli v = Cli.withProofs("verify", "--run", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, v.exit(), v.toString());
    assertTrue(v.err().contains("--key-dir"), v.toString());
  }

  @Test
  void keys_other_than_the_recorded_ones_fail_the_check(@TempDir Path tmp) throws Exception {
    Path other = tmp.resolve("keys");
    Files.createDirectories(other);
    for (String f : new String[] {"settings.json", "vk.key", "kzg.srs", "compiled.ezkl", "pk.key", "adam_step.onnx"}) {
      Files.createSymbolicLink(other.resolve(f), keys.resolve(f).toAbsolutePath());
    }
    // The same files but a description naming another verifying key: the run's manifest pins vk.key.
    String description = Files.readString(keys.resolve("keys.json"));
    String vk = dev.zkautograd.ezkl.KeyDirectory.read(keys).files().get("vk.key").hex();
    Files.writeString(other.resolve("keys.json"), description.replace(vk, "00".repeat(32)));
    Cli v = Cli.withProofs("verify", "--run", run.toString(), "--key-dir", other.toString());
    assertEquals(Main.EXIT_CHECK_FAILED, v.exit(), v.toString());
    assertTrue(v.err().contains("vk.key is not the file the run was proven with"), v.toString());
  }

  @Test
  void the_evm_verifier_and_a_proofs_calldata_are_written(@TempDir Path tmp) throws Exception {
    Path proof = run.resolve("proofs/step_00000.proof");
    Cli g = Cli.withProofs("zk-generate-evm-verifier", "--key-dir", keys.toString(), "--out", tmp.toString(), "--proof",
        proof.toString());
    assertEquals(0, g.exit(), g.toString());
    String sol = Files.readString(tmp.resolve("EzklVerifier.sol"));
    assertTrue(sol.contains("pragma solidity") && sol.contains("function verifyProof"), sol.substring(0, Math.min(400, sol.length())));
    assertTrue(Files.size(tmp.resolve("calldata.bin")) > 0);
    Cli aggregated = Cli.withProofs("zk-generate-evm-verifier", "--key-dir", keys.toString(), "--out", tmp.toString(), "--aggregated");
    assertEquals(Main.EXIT_BAD_INPUT, aggregated.exit(), aggregated.toString());
    assertTrue(aggregated.err().contains("no proof aggregation"), aggregated.toString());
  }
}
