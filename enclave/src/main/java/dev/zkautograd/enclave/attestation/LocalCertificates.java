package dev.zkautograd.enclave.attestation;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the P-384 certificates of a local attestation chain (root, intermediate CA, leaf), shaped
 * like the Nitro chain: CA certificates with basic constraints and keyCertSign, a leaf with
 * digitalSignature only. Also what the verifier's tests forge chains with.
 */
public final class LocalCertificates {
  private LocalCertificates() {}

  /** A fresh P-384 key pair. */
  public static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-384 is part of every JDK", e);
    }
  }

  /**
   * A certificate for {@code subjectKey} named {@code subject}, signed by {@code issuerKey} under
   * {@code issuer}'s name (the subject's own for a root).
   *
   * @param pathLength for a CA: its path length constraint (-1 for none); ignored for a leaf
   */
  public static X509Certificate issue(String subject, PublicKey subjectKey, String issuer, PrivateKey issuerKey, Instant notBefore,
      Instant notAfter, boolean ca, int pathLength) throws GeneralSecurityException {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), new BigInteger(64, new SecureRandom()),
          Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + subject), subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      if (ca) {
        b.addExtension(Extension.basicConstraints, true, pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
    } catch (CertIOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot issue " + subject, e);
    }
  }

  /** Parses DER (or PEM) certificate bytes. */
  public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
  }
}
