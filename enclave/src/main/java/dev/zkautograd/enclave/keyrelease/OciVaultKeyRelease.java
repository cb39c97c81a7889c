package dev.zkautograd.enclave.keyrelease;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.secret.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The step-signing seed sealed under an OCI Vault master key, released by the Vault's crypto endpoint
 * {@code POST /20180608/decrypt} (Key Management API), signed with OCI's request signature ({@link
 * OciRequestSigner}). For a confidential VM: the answer's plaintext arrives over TLS that terminates
 * inside the VM's encrypted memory, so unlike the Nitro parent no host sees it in the clear.
 *
 * <p>What gates the key: {@link KeyRelease#release} first checks this prover's own attestation
 * against the configured policy (no request is made otherwise); then OCI IAM lets only the principal
 * the signer names (the CVM's dynamic group, {@code deployment/oci-cvm/}) {@code use} the key. OCI Vault
 * has no attestation condition of its own: the SHA-256 of the attestation document goes into the
 * request's {@code loggingContext}, so the Vault's audit log names the attested prover of every release.
 * Plain HTTP is refused except to a loopback address (a local stand-in).
 */
public final class OciVaultKeyRelease extends KeyRelease {
  static final String DECRYPT_PATH = "/20180608/decrypt";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
  private static final int MAX_ANSWER = 64 * 1024;

  private final URI cryptoEndpoint;
  private final String keyId;
  private final String sealedSeed;
  private final OciRequestSigner signer;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param cryptoEndpoint the vault's crypto endpoint, {@code https://<vault>-crypto.kms.<region>.oraclecloud.com}
   * @param keyId the OCID of the master encryption key the seed was encrypted under
   * @param sealedSeed the {@code ciphertext} of {@code oci kms crypto encrypt} of the 32-byte seed (base64 text, as OCI returns it)
   */
  public OciVaultKeyRelease(URI cryptoEndpoint, String keyId, String sealedSeed, OciRequestSigner signer, Clock clock) {
    String scheme = cryptoEndpoint.getScheme();
    if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(cryptoEndpoint.getHost()))) {
      throw new IllegalArgumentException("the Vault crypto endpoint must be https (plain http only to loopback): " + cryptoEndpoint);
    }
    if (!keyId.startsWith("ocid1.key.")) throw new IllegalArgumentException("not a Vault key OCID: " + keyId);
    this.cryptoEndpoint = cryptoEndpoint;
    this.keyId = keyId;
    this.sealedSeed = sealedSeed.strip();
    this.signer = signer;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  protected SecretBytes fetch(byte[] attestation, PrivateKey recipient) throws KeyReleaseException {
    URI uri = cryptoEndpoint.resolve(DECRYPT_PATH);
    byte[] body = Json.write(JsonObject.builder().put("ciphertext", new JsonString(sealedSeed)).put("keyId", new JsonString(keyId))
        .put("loggingContext", JsonObject.builder().put("zk-autograd-attestation-sha256", new JsonString(sha256(attestation))).build())
        .build());
    HttpResponse<byte[]> r;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, String> h : signer.sign("POST", uri, "application/json", body, clock.instant()).entrySet()) {
        if (!h.getKey().equals("content-length")) b.header(h.getKey(), h.getValue()); // the client sets it, to the same value
      }
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "OCI Vault decrypt at " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "interrupted while asking OCI Vault", e);
    }
    if (r.statusCode() != 200) {
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "OCI Vault refused decrypt of the step-signing seed under " + keyId
          + ": HTTP " + r.statusCode() + " " + snippet(r.body()), null);
    }
    return secret(plaintext(r.body()));
  }

  /** The {@code plaintext} (base64) of a DecryptedData answer, for this key. */
  byte[] plaintext(byte[] answer) throws KeyReleaseException {
    if (answer.length > MAX_ANSWER) throw bad("the answer has " + answer.length + " bytes, more than " + MAX_ANSWER);
    JsonValue v;
    try {
      v = Json.parse(answer);
    } catch (CoreException e) {
      throw bad("the answer is not JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonObject o) || !(o.get("plaintext") instanceof JsonString p)) throw bad("the answer has no plaintext string");
    if (o.get("keyId") instanceof JsonString k && !k.value().equals(keyId)) throw bad("the answer is for key " + k.value() + ", not " + keyId);
    try {
      return Base64.getDecoder().decode(p.value());
    } catch (IllegalArgumentException e) {
      throw bad("plaintext is not base64");
    }
  }

  private static KeyReleaseException bad(String message) {
    return new KeyReleaseException(KeyReleaseException.Reason.BAD_RESPONSE, "OCI Vault: " + message, null);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return s.isEmpty() ? "(no body)" : s;
  }

  @Override
  public String describe() {
    return "OCI Vault key " + keyId + " at " + cryptoEndpoint;
  }
}
