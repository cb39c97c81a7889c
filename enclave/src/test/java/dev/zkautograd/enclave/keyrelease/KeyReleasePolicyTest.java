package dev.zkautograd.enclave.keyrelease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import dev.zkautograd.enclave.service.ProverServiceCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The policy check on our side: the key is released only when the prover's own attestation
 * satisfies the configured policy, and the service refuses to start otherwise.
 */
class KeyReleasePolicyTest {
  @Test
  void the_local_key_file_is_released_under_a_matching_policy_and_stays_the_same(@TempDir Path dir) throws Exception {
    LocalAttestor a = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    NitroAttestationVerifier ok = new NitroAttestationVerifier(new AttestationPolicy(a.root(), LocalAttestor.defaultPcrs(),
        AttestationPolicy.DEFAULT_FRESHNESS));
    LocalFileKeyRelease release = new LocalFileKeyRelease(dir.resolve("step-signing.key"));
    byte[] first = release.release(a, ok).publicKey();
    assertArrayEquals(first, release.release(a, ok).publicKey());
    assertEquals(32, Files.size(dir.resolve("step-signing.key")));
  }

  @Test
  void a_policy_the_attestation_does_not_meet_releases_nothing_and_creates_no_key(@TempDir Path dir) throws Exception {
    LocalAttestor a = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    LocalAttestor other = LocalAttestor.open(dir.resolve("other"), LocalAttestor.defaultPcrs(), Clock.systemUTC());
    LocalFileKeyRelease release = new LocalFileKeyRelease(dir.resolve("step-signing.key"));
    for (AttestationPolicy p : new AttestationPolicy[] {
        new AttestationPolicy(a.root(), Map.of(0, new byte[48]), AttestationPolicy.DEFAULT_FRESHNESS),
        new AttestationPolicy(other.root(), Map.of(), AttestationPolicy.DEFAULT_FRESHNESS)}) {
      assertEquals(KeyReleaseException.Reason.POLICY_REFUSED,
          assertThrows(KeyReleaseException.class, () -> release.release(a, new NitroAttestationVerifier(p))).reason());
    }
    assertFalse(Files.exists(dir.resolve("step-signing.key")));
  }

  @Test
  void the_service_refuses_to_start_when_its_attestation_fails_the_pcr_policy(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ProverServiceCommand());
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute("--port", "0", "--state-dir", dir.toString(), "--pcr", "0=" + "00".repeat(48));
    assertEquals(1, exit, err::toString);
    assertTrue(err.toString().contains("POLICY_REFUSED") && err.toString().contains("PCR0"), err::toString);
    assertFalse(Files.exists(dir.resolve("step-signing.key")));
  }
}
