package dev.zkautograd.enclave.attestation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Jazzer target for the parser and verifier of untrusted attestation documents (CBOR, COSE_Sign1,
 * the document map, certificates): nothing but {@link AttestationException} may escape. In the
 * normal test run it replays the seed corpus in {@code
 * src/test/resources/dev/zkautograd/enclave/attestation/AttestationFuzzTestInputs/verify/} (a local
 * document and cut or edited copies); run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class AttestationFuzzTest {
  static final NitroAttestationVerifier VERIFIER = verifier();

  static NitroAttestationVerifier verifier() {
    try {
      X509Certificate root = LocalCertificates.parse(AttestationFuzzTest.class.getResourceAsStream("AttestationFuzzTestInputs/root.der")
          .readAllBytes());
      return new NitroAttestationVerifier(new AttestationPolicy(root, Map.of(), Duration.ofDays(36500)));
    } catch (Exception e) {
      throw new IllegalStateException("the corpus root certificate is missing", e);
    }
  }

  @FuzzTest
  void verify(byte[] data) {
    try {
      VERIFIER.verify(data, null, Instant.parse("2026-11-24T10:15:00Z"), null);
    } catch (AttestationException expected) {
      // the only allowed outcome for bytes that are not a valid document
    }
  }
}
