package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, small: trains, proves every step through the prover service over a real
 * socket on 127.0.0.1, writes the run and verifies it in full (the demo's own verify, with the STARK
 * verifier and production parameters).
 */
class DemoCommandTest {
  @Test
  void the_demo_with_the_prover_service_writes_a_run_that_verifies(@TempDir Path out) {
    Cli r = Cli.withProofs("demo", "--prover", "service", "--steps", "3", "--params", "32", "--chunks", "2", "--out", out.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("STARK proofs by the prover service at 127.0.0.1:"), r::toString);
    assertTrue(r.out().contains("overhead"), r::toString);
    assertTrue(r.out().contains("PASSED"), r::toString);
  }
}
