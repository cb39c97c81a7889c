package dev.zkautograd.enclave.attestation;

import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attestation documents in the Nitro format outside an enclave ({@code docs/attestation.md},
 * "Outside an enclave"): signed by a leaf certificate under an intermediate CA under a local test
 * root, which is generated into the service's private folder on first use and kept there. The PCRs
 * are labels, not measurements — a local prover measures nothing, and a verifier trusting this root
 * trusts whoever can read that folder.
 */
public final class LocalAttestor implements Attestor {
  /** Root certificate file in the state folder (DER); give it to verifiers as the trust root. */
  public static final String ROOT_CERT = "attestation-root.der";
  static final String ROOT_KEY = "attestation-root.key";
  static final Duration LEAF_VALIDITY = Duration.ofHours(3);

  private final X509Certificate root;
  private final PrivateKey rootKey;
  private final Map<Integer, byte[]> pcrs;
  private final Clock clock;
  private Chain chain;

  private record Chain(X509Certificate intermediate, X509Certificate leaf, PrivateKey leafKey) {}

  private LocalAttestor(X509Certificate root, PrivateKey rootKey, Map<Integer, byte[]> pcrs, Clock clock) {
    this.root = root;
    this.rootKey = rootKey;
    this.pcrs = new TreeMap<>(pcrs);
    this.clock = clock;
  }

  /**
   * The attestor whose root lives in {@code stateDir} (created there, owner-only, when absent),
   * reporting {@code pcrs} (see {@link #defaultPcrs}).
   */
  public static LocalAttestor open(Path stateDir, Map<Integer, byte[]> pcrs, Clock clock) throws AttestationException {
    try {
      Files.createDirectories(stateDir);
      Path cert = stateDir.resolve(ROOT_CERT);
      Path key = stateDir.resolve(ROOT_KEY);
      if (!Files.exists(cert) || !Files.exists(key)) {
        KeyPair kp = LocalCertificates.keyPair();
        Instant now = clock.instant();
        X509Certificate c = LocalCertificates.issue("zk-autograd local attestation root", kp.getPublic(),
            "zk-autograd local attestation root", kp.getPrivate(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true, 2);
        Path tmp = stateDir.resolve("." + ROOT_KEY + ".tmp");
        Files.write(tmp, kp.getPrivate().getEncoded());
        ownerOnly(tmp);
        Files.move(tmp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.write(cert, c.getEncoded());
      }
      X509Certificate c = LocalCertificates.parse(Files.readAllBytes(cert));
      PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(key)));
      return new LocalAttestor(c, k, pcrs, clock);
    } catch (IOException | GeneralSecurityException e) {
      throw AttestationException.of(Reason.UNAVAILABLE, "the local attestation root in " + stateDir + " cannot be read or made: " + e, e);
    }
  }

  /**
   * The local PCR values: PCR0, 1, 2 and 8 are SHA-384 of fixed labels (image, kernel, application,
   * signing certificate), and the rest of 0-15 zero, as in a Nitro enclave. Labels, not
   * measurements: every local prover reports the same ones.
   */
  public static Map<Integer, byte[]> defaultPcrs() {
    Map<Integer, byte[]> p = new TreeMap<>();
    for (int i = 0; i < 16; i++) p.put(i, new byte[48]);
    for (int i : new int[] {0, 1, 2, 8}) p.put(i, sha384("zk-autograd local prover pcr" + i));
    return p;
  }

  static byte[] sha384(String label) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The root certificate verifiers must be configured with. */
  public X509Certificate root() {
    return root;
  }

  public Map<Integer, byte[]> pcrs() {
    return new TreeMap<>(pcrs);
  }

  @Override
  public synchronized byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey) throws AttestationException {
    Instant now = clock.instant();
    try {
      if (chain == null || !chain.leaf().getNotAfter().toInstant().isAfter(now.plus(Duration.ofMinutes(5)))) {
        KeyPair mid = LocalCertificates.keyPair();
        KeyPair leaf = LocalCertificates.keyPair();
        X509Certificate m = LocalCertificates.issue("zk-autograd local attestation intermediate", mid.getPublic(),
            "zk-autograd local attestation root", rootKey, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)), true, 0);
        X509Certificate l = LocalCertificates.issue("zk-autograd local prover", leaf.getPublic(), "zk-autograd local attestation intermediate",
            mid.getPrivate(), now.minus(Duration.ofMinutes(1)), now.plus(LEAF_VALIDITY), false, -1);
        chain = new Chain(m, l, leaf.getPrivate());
      }
      AttestationDocument doc = new AttestationDocument("zk-autograd-local-prover", AttestationDocument.SHA384, now, pcrs,
          chain.leaf().getEncoded(), List.of(root.getEncoded(), chain.intermediate().getEncoded()), publicKey, userData, nonce);
      return CoseSign1.sign(doc.toCbor(), chain.leafKey()).encode();
    } catch (GeneralSecurityException e) {
      throw AttestationException.of(Reason.UNAVAILABLE, "cannot sign an attestation document: " + e, e);
    }
  }

  @Override
  public String describe() {
    return "local test root " + root.getSubjectX500Principal().getName();
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not POSIX: the folder's permissions are all there is
    }
  }
}
