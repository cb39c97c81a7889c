package dev.zkautograd.enclave.keyrelease;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * OCI's request signature, version 1 (draft-cavage-http-signatures-08 as OCI profiles it): an
 * {@code Authorization: Signature version="1",keyId=...,algorithm="rsa-sha256",headers=...,signature=...}
 * header over a signing string of {@code date}, {@code (request-target)} and {@code host}, and for a
 * request with a body also {@code content-length}, {@code content-type} and {@code x-content-sha256}
 * (base64 of the body's SHA-256), in that order, each line {@code name: value}, joined by newlines.
 *
 * @param keyId {@code TENANCY_OCID/USER_OCID/KEY_FINGERPRINT} for an API key, or {@code ST$TOKEN} for a
 *     session or instance-principal security token
 * @param key the RSA key that {@code keyId} names
 */
public record OciRequestSigner(String keyId, PrivateKey key) {
  static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  static final List<String> GET_HEADERS = List.of("date", "(request-target)", "host");
  static final List<String> BODY_HEADERS = List.of("date", "(request-target)", "host", "content-length", "content-type", "x-content-sha256");

  public OciRequestSigner {
    Objects.requireNonNull(keyId);
    if (!"RSA".equals(key.getAlgorithm())) throw new IllegalArgumentException("OCI signs requests with RSA keys, not " + key.getAlgorithm());
  }

  /**
   * An unencrypted RSA private key in PEM, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl
   * genrsa} wrote) or PKCS#8 ({@code BEGIN PRIVATE KEY}, what the OCI console generates).
   */
  public static PrivateKey readPrivateKey(String pem) throws KeyReleaseException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) return c.getKeyPair(kp).getPrivate();
      if (o instanceof PrivateKeyInfo info) return c.getPrivateKey(info);
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "not an unencrypted PEM private key: "
          + (o == null ? "no PEM object" : o.getClass().getSimpleName()), null);
    } catch (IOException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "unreadable PEM private key: " + e.getMessage(), e);
    }
  }

  /**
   * The headers to send with a request: {@code date}, and for a body {@code content-type},
   * {@code content-length} and {@code x-content-sha256}, then {@code authorization}. {@code host} is
   * signed as the URI's authority; the HTTP client sends the same.
   */
  public Map<String, String> sign(String method, URI uri, String contentType, byte[] body, Instant now) throws GeneralSecurityException {
    return sign(method, uri, contentType, body, HTTP_DATE.format(now));
  }

  /** As above with the {@code date} header as given (OCI's documented example has a date whose weekday is wrong). */
  Map<String, String> sign(String method, URI uri, String contentType, byte[] body, String date) throws GeneralSecurityException {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("date", date);
    String target = method.toLowerCase(Locale.ROOT) + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    h.put("(request-target)", target);
    h.put("host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    List<String> names = GET_HEADERS;
    if (body != null) {
      h.put("content-length", Integer.toString(body.length));
      h.put("content-type", contentType);
      h.put("x-content-sha256", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)));
      names = BODY_HEADERS;
    }
    StringBuilder signing = new StringBuilder();
    for (String n : names) {
      if (signing.length() > 0) signing.append('\n');
      signing.append(n).append(": ").append(h.get(n));
    }
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(signing.toString().getBytes(StandardCharsets.UTF_8));
    String signature = Base64.getEncoder().encodeToString(s.sign());
    h.remove("(request-target)");
    h.remove("host");
    h.put("authorization", "Signature version=\"1\",headers=\"" + String.join(" ", names) + "\",keyId=\"" + keyId
        + "\",algorithm=\"rsa-sha256\",signature=\"" + signature + "\"");
    return h;
  }
}
