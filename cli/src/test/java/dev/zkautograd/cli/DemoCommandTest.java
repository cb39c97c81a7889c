package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.attestation.LocalAttestor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, small: trains, proves every step through the prover service over a real
 * socket on 127.0.0.1 (pipelined), has the service attest over the run's nonce and sign every step,
 * writes the run and verifies it in full — proofs with production parameters, step signatures, and
 * the attestation against the local root and PCR policy. Then the same run against a wrong PCR and
 * a foreign root fails, and without a trust root the attestation is skipped, not passed.
 */
class DemoCommandTest {
  @TempDir static Path out;
  static Cli demo;
  static Path run;

  @BeforeAll
  static void runDemo() throws Exception {
    demo = Cli.withProofs("demo", "--prover", "service", "--steps", "3", "--params", "32", "--chunks", "2", "--out", out.toString());
    try (Stream<Path> s = Files.list(out)) {
      run = s.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
    }
  }

  static String pcr(int i) {
    return i + "=" + HexFormat.of().formatHex(LocalAttestor.defaultPcrs().get(i));
  }

  @Test
  void the_demo_with_the_prover_service_writes_a_signed_attested_run_that_verifies() {
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("STARK proofs by the prover service at 127.0.0.1:"), demo::toString);
    assertTrue(demo.out().contains("every step is signed by ed25519:"), demo::toString);
    assertTrue(demo.out().contains("overhead"), demo::toString);
    assertTrue(demo.out().contains("steps.signature       PASS    all 3 records signed by the declared prover key"), demo::toString);
    assertTrue(demo.out().contains("prover.attestation    PASS    Nitro document of zk-autograd-local-prover"), demo::toString);
    assertTrue(demo.out().contains("PASSED"), demo::toString);
    assertTrue(demo.out().contains("torrent of the run's files (its info-hash is in the signed manifest): magnet:?xt=urn:btih:"), demo::toString);
    assertTrue(demo.out().contains("manifest.torrent      PASS    info-hash "), demo::toString);
  }

  @Test
  void the_attestation_is_refused_under_a_wrong_pcr_or_a_foreign_root_and_skipped_without_a_root(@TempDir Path other) throws Exception {
    String root = out.resolve(".prover").resolve(LocalAttestor.ROOT_CERT).toString();
    String wrongPcr0 = "0=" + "00".repeat(48);
    Cli wrong = Cli.run("verify", "--run", run.toString(), "--trust-root", root, "--pcr", wrongPcr0, "--pcr", pcr(1));
    assertEquals(1, wrong.exit(), wrong::toString);
    assertTrue(wrong.out().contains("prover.attestation    FAIL    PCR_MISMATCH: PCR0 is not the policy's value"), wrong::toString);

    LocalAttestor foreign = LocalAttestor.open(other, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    Cli untrusted = Cli.run("verify", "--run", run.toString(), "--trust-root", other.resolve(LocalAttestor.ROOT_CERT).toString());
    assertEquals(1, untrusted.exit(), untrusted::toString);
    assertTrue(untrusted.out().contains("prover.attestation    FAIL    UNTRUSTED_ROOT"), untrusted::toString);
    assertTrue(foreign.root() != null);

    Cli noRoot = Cli.run("verify", "--run", run.toString());
    assertEquals(0, noRoot.exit(), noRoot::toString);
    assertTrue(noRoot.out().contains("prover.attestation    SKIP    no attestation trust root given"), noRoot::toString);

    Cli pcrWithoutRoot = Cli.run("verify", "--run", run.toString(), "--pcr", pcr(0));
    assertEquals(2, pcrWithoutRoot.exit(), pcrWithoutRoot::toString);
  }
}
