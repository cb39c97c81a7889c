package dev.zkautograd.enclave.attestation;

import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies AWS Nitro attestation documents ({@code docs/attestation.md}, "What the verifier
 * checks"), in this order: COSE_Sign1 structure and ES384; the document map; the signature with
 * the leaf certificate's P-384 key; the certificate chain from the leaf through the cabundle to the
 * policy's root, valid at the document's timestamp (PKIX: signatures, validity, basic constraints,
 * path length, CA key usage; the leaf must allow digitalSignature); the PCR policy; the nonce; the
 * freshness window; and the user_data binding of the step-signing key. The same code checks local
 * and enclave documents; only the root differs.
 */
public final class NitroAttestationVerifier {
  private final AttestationPolicy policy;

  public NitroAttestationVerifier(AttestationPolicy policy) {
    this.policy = policy;
  }

  public AttestationPolicy policy() {
    return policy;
  }

  /**
   * @param nonce the nonce the document must carry, or null to require none to be checked
   * @param reference the time the document must be fresh at (now for a live prover, the run's
   *     creation for an audit)
   * @param expectedKey the step-signing key user_data must bind, or null to accept any bound key
   * @return the document and the key it binds
   */
  public VerifiedAttestation verify(byte[] cose, byte[] nonce, Instant reference, byte[] expectedKey) throws AttestationException {
    AttestationDocument doc = verifyDocument(cose, nonce, reference);
    byte[] bound = KeyBinding.boundKey(doc.userData());
    if (expectedKey != null && !Arrays.equals(bound, expectedKey)) {
      throw AttestationException.of(Reason.USER_DATA_MISMATCH, "user_data binds another step-signing key", hex(expectedKey), hex(bound));
    }
    return new VerifiedAttestation(doc, bound);
  }

  /**
   * Checks 1-9 of the verifier (everything but the key binding): for a document that vouches for a
   * {@code public_key} rather than a signing key, as in key release.
   */
  public AttestationDocument verifyDocument(byte[] cose, byte[] nonce, Instant reference) throws AttestationException {
    CoseSign1 sign1 = CoseSign1.parse(cose);
    AttestationDocument doc = AttestationDocument.parse(sign1.payload());
    X509Certificate leaf = certificate(doc.certificate(), "certificate");
    PublicKey key = leaf.getPublicKey();
    if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 384) {
      throw AttestationException.of(Reason.UNSUPPORTED_ALGORITHM, "the leaf certificate's key must be P-384 for ES384", "EC P-384", key.getAlgorithm());
    }
    if (!sign1.verifies(key)) {
      throw AttestationException.of(Reason.SIGNATURE_INVALID, "the ES384 signature does not verify over the document with the leaf certificate's key");
    }
    checkChain(leaf, doc);
    for (Map.Entry<Integer, byte[]> want : policy.pcrs().entrySet()) {
      byte[] got = doc.pcrs().get(want.getKey());
      if (got == null || !Arrays.equals(got, want.getValue())) {
        throw AttestationException.of(Reason.PCR_MISMATCH, "PCR" + want.getKey() + " is not the policy's value", hex(want.getValue()),
            got == null ? "absent" : hex(got));
      }
    }
    if (nonce != null && (doc.nonce() == null || !Arrays.equals(doc.nonce(), nonce))) {
      throw AttestationException.of(Reason.NONCE_MISMATCH, "the document was not made for this challenge (replayed, or for someone else)",
          hex(nonce), doc.nonce() == null ? "no nonce" : hex(doc.nonce()));
    }
    Duration off = Duration.between(reference, doc.timestamp()).abs();
    if (off.compareTo(policy.freshness()) > 0) {
      throw AttestationException.of(Reason.STALE, "the document's timestamp is outside the freshness window around " + reference,
          "within " + policy.freshness().toSeconds() + " s", doc.timestamp() + " (" + off.toSeconds() + " s off)");
    }
    return doc;
  }

  private void checkChain(X509Certificate leaf, AttestationDocument doc) throws AttestationException {
    if (leaf.getKeyUsage() != null && !leaf.getKeyUsage()[0]) {
      throw AttestationException.of(Reason.KEY_USAGE, "the leaf certificate may not sign (no digitalSignature key usage)");
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw AttestationException.of(Reason.KEY_USAGE, "the document is signed with a CA certificate, not a leaf");
    }
    // cabundle runs from the root to the leaf's issuer; the path runs from the leaf up, without the trust anchor.
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    List<byte[]> bundle = doc.cabundle();
    for (int i = bundle.size() - 1; i >= 0; i--) {
      X509Certificate c = certificate(bundle.get(i), "cabundle[" + i + "]");
      if (!c.equals(policy.root())) path.add(c);
    }
    try {
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(policy.root(), null)));
      params.setRevocationEnabled(false); // Nitro publishes no revocation; validity is bounded by the short-lived leaf
      params.setDate(Date.from(doc.timestamp()));
      CertPathValidator.getInstance("PKIX").validate(cp, params);
    } catch (CertPathValidatorException e) {
      throw chainFailure(e);
    } catch (GeneralSecurityException e) {
      throw AttestationException.of(Reason.UNTRUSTED_ROOT, "the certificate chain cannot be checked: " + e.getMessage(), e);
    }
  }

  private static AttestationException chainFailure(CertPathValidatorException e) {
    CertPathValidatorException.Reason r = e.getReason();
    int at = e.getIndex();
    String which = at < 0 ? "the chain" : at == 0 ? "the leaf certificate" : "chain certificate " + at + " above the leaf";
    if (r == CertPathValidatorException.BasicReason.EXPIRED) {
      return AttestationException.of(Reason.CERTIFICATE_EXPIRED, which + " had expired at the document's timestamp", e);
    }
    if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return AttestationException.of(Reason.CERTIFICATE_NOT_YET_VALID, which + " was not yet valid at the document's timestamp", e);
    }
    if (r == PKIXReason.PATH_TOO_LONG) {
      return AttestationException.of(Reason.PATH_LENGTH, which + " is beyond a CA's path length constraint", e);
    }
    if (r == PKIXReason.NOT_CA_CERT || r == PKIXReason.INVALID_KEY_USAGE) {
      return AttestationException.of(Reason.KEY_USAGE, which + " issues certificates without being allowed to (" + r + ")", e);
    }
    return AttestationException.of(Reason.UNTRUSTED_ROOT, "the certificate chain does not lead to the trusted root (" + r + ", at "
        + which + "): " + e.getMessage(), e);
  }

  private static X509Certificate certificate(byte[] der, String field) throws AttestationException {
    try {
      return LocalCertificates.parse(der);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw AttestationException.of(Reason.MALFORMED, field + " is not a DER X.509 certificate");
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
