package dev.zkautograd.enclave.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import dev.zkautograd.enclave.Jobs;
import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestation verifier is the real one: a document from the local attestor passes, and every
 * forgery — a forged or foreign chain, an expired or premature certificate, a CA misused, wrong
 * PCRs, a replayed or missing nonce, a stale timestamp, a signature over other bytes, another bound
 * key, truncated or garbage CBOR — is refused with its own reason.
 */
class NitroAttestationVerifierTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:15:00Z");
  static final byte[] NONCE = RunAttestation.nonce("run-20261124-101500");
  static final byte[] KEY = Jobs.signer(1).publicKey();
  static LocalAttestor attestor;
  static NitroAttestationVerifier verifier;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws Exception {
    attestor = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.fixed(NOW, ZoneOffset.UTC));
    verifier = new NitroAttestationVerifier(new AttestationPolicy(attestor.root(), pcrs(0, 1, 2, 8), AttestationPolicy.DEFAULT_FRESHNESS));
  }

  static Map<Integer, byte[]> pcrs(int... which) {
    Map<Integer, byte[]> m = new TreeMap<>();
    for (int i : which) m.put(i, LocalAttestor.defaultPcrs().get(i));
    return m;
  }

  static byte[] good() throws Exception {
    return attestor.attest(NONCE, KeyBinding.userData(KEY), null);
  }

  static Reason refused(byte[] doc) {
    return refused(verifier, doc);
  }

  static Reason refused(NitroAttestationVerifier v, byte[] doc) {
    return assertThrows(AttestationException.class, () -> v.verify(doc, NONCE, NOW, KEY)).reason();
  }

  /** A document over {@code doc}'s fields signed by {@code signer}: a forger who holds that key. */
  static byte[] resign(AttestationDocument doc, java.security.PrivateKey signer) throws Exception {
    return CoseSign1.sign(doc.toCbor(), signer).encode();
  }

  static AttestationDocument parse(byte[] cose) throws Exception {
    return AttestationDocument.parse(CoseSign1.parse(cose).payload());
  }

  /** A chain root → intermediate → leaf with the given leaf validity, all fresh keys. */
  record Chain(X509Certificate root, KeyPair rootKey, X509Certificate intermediate, KeyPair midKey, X509Certificate leaf, KeyPair leafKey) {}

  static Chain chain(Instant leafFrom, Instant leafTo, int intermediatePathLength) throws Exception {
    KeyPair r = LocalCertificates.keyPair();
    KeyPair m = LocalCertificates.keyPair();
    KeyPair l = LocalCertificates.keyPair();
    Instant a = NOW.minus(Duration.ofDays(1));
    Instant b = NOW.plus(Duration.ofDays(1));
    X509Certificate root = LocalCertificates.issue("forged root", r.getPublic(), "forged root", r.getPrivate(), a, b, true, 2);
    X509Certificate mid = LocalCertificates.issue("forged mid", m.getPublic(), "forged root", r.getPrivate(), a, b, true, intermediatePathLength);
    X509Certificate leaf = LocalCertificates.issue("forged leaf", l.getPublic(), "forged mid", m.getPrivate(), leafFrom, leafTo, false, -1);
    return new Chain(root, r, mid, m, leaf, l);
  }

  static AttestationDocument withChain(AttestationDocument d, X509Certificate leaf, List<X509Certificate> bundle) throws Exception {
    List<byte[]> b = new java.util.ArrayList<>();
    for (X509Certificate c : bundle) b.add(c.getEncoded());
    return new AttestationDocument(d.moduleId(), d.digest(), d.timestamp(), d.pcrs(), leaf.getEncoded(), b, d.publicKey(), d.userData(), d.nonce());
  }

  @Test
  void a_local_document_passes_and_yields_the_bound_key() throws Exception {
    VerifiedAttestation v = verifier.verify(good(), NONCE, NOW, KEY);
    assertArrayEquals(KEY, v.signingKey());
    assertEquals("zk-autograd-local-prover", v.document().moduleId());
    assertEquals(NOW, v.document().timestamp());
  }

  @Test
  void a_self_signed_leaf_is_an_untrusted_root() throws Exception {
    KeyPair k = LocalCertificates.keyPair();
    X509Certificate self = LocalCertificates.issue("self", k.getPublic(), "self", k.getPrivate(), NOW.minusSeconds(60), NOW.plusSeconds(3600),
        false, -1);
    assertEquals(Reason.UNTRUSTED_ROOT, refused(resign(withChain(parse(good()), self, List.of(attestor.root())), k.getPrivate())));
  }

  @Test
  void a_chain_to_another_root_is_an_untrusted_root() throws Exception {
    Chain c = chain(NOW.minusSeconds(60), NOW.plusSeconds(3600), 0);
    assertEquals(Reason.UNTRUSTED_ROOT, refused(resign(withChain(parse(good()), c.leaf(), List.of(c.root(), c.intermediate())),
        c.leafKey().getPrivate())));
    // Even when the forger puts the trusted root first in the bundle.
    assertEquals(Reason.UNTRUSTED_ROOT, refused(resign(withChain(parse(good()), c.leaf(), List.of(attestor.root(), c.intermediate())),
        c.leafKey().getPrivate())));
  }

  @Test
  void an_expired_or_premature_leaf_is_refused_at_the_documents_timestamp() throws Exception {
    Chain expired = chain(NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofHours(2)), 0);
    NitroAttestationVerifier forged = new NitroAttestationVerifier(new AttestationPolicy(expired.root(), Map.of(), Duration.ofMinutes(10)));
    assertEquals(Reason.CERTIFICATE_EXPIRED, refused(forged, resign(withChain(parse(good()), expired.leaf(),
        List.of(expired.root(), expired.intermediate())), expired.leafKey().getPrivate())));
    Chain premature = chain(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(3)), 0);
    forged = new NitroAttestationVerifier(new AttestationPolicy(premature.root(), Map.of(), Duration.ofMinutes(10)));
    assertEquals(Reason.CERTIFICATE_NOT_YET_VALID, refused(forged, resign(withChain(parse(good()), premature.leaf(),
        List.of(premature.root(), premature.intermediate())), premature.leafKey().getPrivate())));
  }

  @Test
  void a_chain_past_a_path_length_constraint_or_through_a_non_ca_is_refused() throws Exception {
    Chain c = chain(NOW.minusSeconds(60), NOW.plusSeconds(3600), 0);
    NitroAttestationVerifier v = new NitroAttestationVerifier(new AttestationPolicy(c.root(), Map.of(), Duration.ofMinutes(10)));
    Instant a = NOW.minusSeconds(60);
    Instant b = NOW.plusSeconds(3600);
    // The intermediate may issue leaves only (path length 0); here it issues another CA, which signs the leaf.
    KeyPair subKey = LocalCertificates.keyPair();
    KeyPair leafKey = LocalCertificates.keyPair();
    X509Certificate sub = LocalCertificates.issue("sub ca", subKey.getPublic(), "forged mid", c.midKey().getPrivate(), a, b, true, -1);
    X509Certificate leaf = LocalCertificates.issue("leaf", leafKey.getPublic(), "sub ca", subKey.getPrivate(), a, b, false, -1);
    assertEquals(Reason.PATH_LENGTH, refused(v, resign(withChain(parse(good()), leaf, List.of(c.root(), c.intermediate(), sub)),
        leafKey.getPrivate())));
    // A leaf issued by another leaf (no CA basic constraint, no keyCertSign).
    KeyPair notCaKey = LocalCertificates.keyPair();
    X509Certificate notCa = LocalCertificates.issue("not a ca", notCaKey.getPublic(), "forged root", c.rootKey().getPrivate(), a, b, false, -1);
    X509Certificate leaf2 = LocalCertificates.issue("leaf", leafKey.getPublic(), "not a ca", notCaKey.getPrivate(), a, b, false, -1);
    assertEquals(Reason.KEY_USAGE, refused(v, resign(withChain(parse(good()), leaf2, List.of(c.root(), notCa)), leafKey.getPrivate())));
    // A document signed with a CA certificate's key instead of a leaf's.
    assertEquals(Reason.KEY_USAGE, refused(v, resign(withChain(parse(good()), c.intermediate(), List.of(c.root())), c.midKey().getPrivate())));
  }

  @Test
  void wrong_or_missing_pcrs_are_refused() throws Exception {
    Map<Integer, byte[]> wrong = pcrs(0, 1, 2, 8);
    byte[] v = wrong.get(2).clone();
    v[0] ^= 1;
    wrong.put(2, v);
    assertEquals(Reason.PCR_MISMATCH, refused(new NitroAttestationVerifier(new AttestationPolicy(attestor.root(), wrong,
        Duration.ofMinutes(10))), good()));
    Map<Integer, byte[]> absent = pcrs(0);
    absent.put(20, new byte[48]);
    assertEquals(Reason.PCR_MISMATCH, refused(new NitroAttestationVerifier(new AttestationPolicy(attestor.root(), absent,
        Duration.ofMinutes(10))), good()));
  }

  @Test
  void a_replayed_or_foreign_or_missing_nonce_is_refused() throws Exception {
    byte[] other = attestor.attest(RunAttestation.nonce("run-20261124-999999"), KeyBinding.userData(KEY), null);
    assertEquals(Reason.NONCE_MISMATCH, refused(other));
    assertEquals(Reason.NONCE_MISMATCH, refused(attestor.attest(null, KeyBinding.userData(KEY), null)));
  }

  @Test
  void a_stale_or_future_timestamp_is_refused() throws Exception {
    byte[] doc = good();
    assertEquals(Reason.STALE, assertThrows(AttestationException.class,
        () -> verifier.verify(doc, NONCE, NOW.plus(Duration.ofHours(1)), KEY)).reason());
    assertEquals(Reason.STALE, assertThrows(AttestationException.class,
        () -> verifier.verify(doc, NONCE, NOW.minus(Duration.ofHours(1)), KEY)).reason());
  }

  @Test
  void a_signature_over_other_bytes_is_refused() throws Exception {
    CoseSign1 g = CoseSign1.parse(good());
    AttestationDocument d = parse(good());
    AttestationDocument edited = new AttestationDocument("another-module", d.digest(), d.timestamp(), d.pcrs(), d.certificate(), d.cabundle(),
        d.publicKey(), d.userData(), d.nonce());
    assertEquals(Reason.SIGNATURE_INVALID, refused(new CoseSign1(g.protectedHeader(), edited.toCbor(), g.signature()).encode()));
    byte[] sig = g.signature();
    sig[10] ^= 1;
    assertEquals(Reason.SIGNATURE_INVALID, refused(new CoseSign1(g.protectedHeader(), g.payload(), sig).encode()));
  }

  @Test
  void user_data_binding_another_key_or_nothing_is_refused() throws Exception {
    assertEquals(Reason.USER_DATA_MISMATCH, refused(attestor.attest(NONCE, KeyBinding.userData(Jobs.signer(2).publicKey()), null)));
    assertEquals(Reason.USER_DATA_MISMATCH, refused(attestor.attest(NONCE, null, null)));
    assertEquals(Reason.USER_DATA_MISMATCH, refused(attestor.attest(NONCE, "some other user data".getBytes(), null)));
  }

  @Test
  void truncated_garbage_and_misshapen_cbor_is_malformed() throws Exception {
    byte[] g = good();
    for (int cut : new int[] {0, 1, 10, g.length / 2, g.length - 1}) {
      assertEquals(Reason.MALFORMED, refused(Arrays.copyOf(g, cut)), "cut at " + cut);
    }
    assertEquals(Reason.MALFORMED, refused("not cbor at all, just text".getBytes()));
    assertEquals(Reason.MALFORMED, refused(Arrays.copyOf(g, g.length + 1)));
    assertEquals(Reason.MALFORMED, refused(CBORObject.FromObject(42).EncodeToBytes()));
    CBORObject three = CBORObject.NewArray();
    three.Add(CBORObject.FromObject(new byte[1]));
    three.Add(CBORObject.NewMap());
    three.Add(CBORObject.FromObject(new byte[1]));
    assertEquals(Reason.MALFORMED, refused(three.EncodeToBytes()));
  }

  @Test
  void another_algorithm_is_unsupported() throws Exception {
    CoseSign1 g = CoseSign1.parse(good());
    CBORObject h = CBORObject.NewMap();
    h.Add(CBORObject.FromObject(1), CBORObject.FromObject(-7)); // ES256
    assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(new CoseSign1(h.EncodeToBytes(), g.payload(), g.signature()).encode()));
  }

  @Test
  void a_tagged_cose_sign1_is_accepted_like_an_untagged_one() throws Exception {
    byte[] tagged = CBORObject.FromObjectAndTag(CBORObject.DecodeFromBytes(good()), 18).EncodeToBytes();
    assertArrayEquals(KEY, verifier.verify(tagged, NONCE, NOW, KEY).signingKey());
    assertTrue(tagged.length > good().length - 1);
  }
}
