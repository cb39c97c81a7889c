package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.zkautograd.zk.backend.StarkBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in a JVM of its own, as the launcher script starts it: exit codes reach the shell. */
class VerifyProcessTest {

  private static Cli java(String... args) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "verify finished");
    return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void verify_exits_0_for_a_proven_run_and_1_for_a_broken_one(@TempDir Path tmp) throws Exception {
    assertTrue(System.getProperty("java.class.path").length() > 0);
    ProvenRun.write(tmp.resolve("run-proven"), tmp.resolve("anchors"), "run-proven", 2, new StarkBackend());
    Cli good = java("verify", "--run", tmp.resolve("run-proven").toString());
    assertEquals(0, good.exit(), good::toString);
    assertTrue(good.out().contains("PASSED"), good::toString);
    Cli bad = java("verify", "--run", VerifyCommandTest.RUNS.resolve("proof-byte-flipped.DIGEST_MISMATCH").toString());
    assertEquals(1, bad.exit(), bad::toString);
    assertTrue(bad.out().contains("[file proofs/step_00001.proof"), bad::toString);
    Cli unusable = java("verify", "--run", "no" + File.separator + "such" + File.separator + "run");
    assertEquals(2, unusable.exit(), unusable::toString);
  }
}
