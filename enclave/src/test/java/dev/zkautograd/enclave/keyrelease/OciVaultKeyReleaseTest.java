package dev.zkautograd.enclave.keyrelease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI Vault key release, production code path, against a local HTTP server on 127.0.0.1.
 *
 * <p>What stands in for what: {@link VaultStandIn} stands in for OCI Vault's crypto endpoint
 * ({@code POST /20180608/decrypt}): it checks the request signature the way OCI does (rebuilds the
 * signing string from the request it received, verifies RSA-SHA256 with the key the keyId names,
 * recomputes {@code x-content-sha256}, refuses a date more than 5 minutes off) and decrypts with a
 * master key of its own (AES-256-GCM, like a Vault AES key); {@link LocalAttestor} stands in for the
 * CVM's attestation. Not covered: OCI IAM deciding who may use the key (the dynamic-group policy in
 * {@code deployment/oci-cvm/}), OCI's own attestation policy of a confidential VM, OCI's real
 * ciphertext format, and TLS. Covered for real: the request and its signature — also against OCI's
 * documented example values, byte for byte — parsing the answer, and our own policy check, which
 * refuses before the Vault is asked.
 */
class OciVaultKeyReleaseTest {
  static final String KEY_ID = "ocid1.key.oc1.iad.example.abcdefgh";
  static final String SIGNING_KEY_ID = "ocid1.tenancy.oc1..test/ocid1.user.oc1..test/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";

  VaultStandIn vault;
  LocalAttestor attestor;
  KeyPair apiKey;
  byte[] seed;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    apiKey = g.generateKeyPair();
    vault = new VaultStandIn(Map.of(SIGNING_KEY_ID, apiKey.getPublic()));
    attestor = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    seed = new byte[32];
    new SecureRandom().nextBytes(seed);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  NitroAttestationVerifier policy(Map<Integer, byte[]> pcrs) {
    return new NitroAttestationVerifier(new AttestationPolicy(attestor.root(), pcrs, AttestationPolicy.DEFAULT_FRESHNESS));
  }

  OciVaultKeyRelease release(String sealed, KeyPair signingKey, Clock clock) {
    return new OciVaultKeyRelease(vault.url(), KEY_ID, sealed, new OciRequestSigner(SIGNING_KEY_ID, signingKey.getPrivate()), clock);
  }

  @Test
  void the_sealed_seed_is_released_to_a_signed_request_after_the_policy_check() throws Exception {
    StepSigner signer = release(vault.seal(seed), apiKey, Clock.systemUTC()).release(attestor, policy(LocalAttestor.defaultPcrs()));
    assertArrayEquals(StepSigner.fromSeed(SecretBytes.copyFrom(seed, InsecureSecretAccess.get())).publicKey(), signer.publicKey());
    assertEquals(1, vault.decrypts.get());
    JsonObject request = vault.lastRequest.get();
    assertEquals(KEY_ID, ((JsonString) request.get("keyId")).value());
    String logged = ((JsonString) ((JsonObject) request.get("loggingContext")).get("zk-autograd-attestation-sha256")).value();
    assertTrue(logged.matches("[0-9a-f]{64}"), "the Vault's audit log names the attestation: " + logged);
  }

  @Test
  void an_attestation_outside_the_policy_gets_no_key_and_the_vault_is_never_asked() {
    Map<Integer, byte[]> wrong = new java.util.TreeMap<>(LocalAttestor.defaultPcrs());
    wrong.put(0, new byte[48]);
    KeyReleaseException e = assertThrows(KeyReleaseException.class, () -> release(vault.seal(seed), apiKey, Clock.systemUTC()).release(attestor, policy(wrong)));
    assertEquals(KeyReleaseException.Reason.POLICY_REFUSED, e.reason());
    assertEquals(0, vault.requests.get());
  }

  @Test
  void a_request_signed_by_another_key_or_with_a_skewed_clock_is_refused_by_the_vault() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyReleaseException e = assertThrows(KeyReleaseException.class,
        () -> release(vault.seal(seed), g.generateKeyPair(), Clock.systemUTC()).release(attestor, policy(Map.of())));
    assertEquals(KeyReleaseException.Reason.UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("signature"), e.getMessage());
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
    e = assertThrows(KeyReleaseException.class, () -> release(vault.seal(seed), apiKey, skewed).release(attestor, policy(Map.of())));
    assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("date"), e.getMessage());
    assertEquals(0, vault.decrypts.get());
  }

  @Test
  void a_body_changed_after_signing_is_refused() throws Exception {
    vault.tamper = body -> new String(body, StandardCharsets.UTF_8).replace(KEY_ID, KEY_ID + "x").getBytes(StandardCharsets.UTF_8);
    KeyReleaseException e = assertThrows(KeyReleaseException.class,
        () -> release(vault.seal(seed), apiKey, Clock.systemUTC()).release(attestor, policy(Map.of())));
    assertTrue(e.getMessage().contains("x-content-sha256"), e.getMessage());
  }

  @Test
  void unusable_answers_are_refused_with_their_reason() throws Exception {
    vault.answer = a -> JsonObject.builder().put("plaintext", a.get("plaintext")).put("keyId", "ocid1.key.oc1.iad.other").build();
    assertEquals(KeyReleaseException.Reason.BAD_RESPONSE, assertThrows(KeyReleaseException.class,
        () -> release(vault.seal(seed), apiKey, Clock.systemUTC()).release(attestor, policy(Map.of()))).reason());
    vault.answer = a -> JsonObject.builder().put("plaintextChecksum", "1").build();
    assertEquals(KeyReleaseException.Reason.BAD_RESPONSE, assertThrows(KeyReleaseException.class,
        () -> release(vault.seal(seed), apiKey, Clock.systemUTC()).release(attestor, policy(Map.of()))).reason());
    vault.answer = null;
    assertEquals(KeyReleaseException.Reason.BAD_KEY, assertThrows(KeyReleaseException.class,
        () -> release(vault.seal(new byte[31]), apiKey, Clock.systemUTC()).release(attestor, policy(Map.of()))).reason());
    assertThrows(IllegalArgumentException.class, () -> new OciVaultKeyRelease(URI.create("http://vault.example"), KEY_ID, "x",
        new OciRequestSigner(SIGNING_KEY_ID, apiKey.getPrivate()), Clock.systemUTC()), "plain http beyond loopback");
  }

  /** OCI's own test values (Request Signatures, "Test Values"): the example key, requests and expected headers. */
  @Test
  void the_signature_is_byte_for_byte_ocis_documented_example() throws Exception {
    String pem = String.join("\n", "-----BEGIN RSA PRIVATE KEY-----",
        "MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF",
        "NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F",
        "UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB",
        "AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA",
        "QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK",
        "kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg",
        "f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u",
        "412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc",
        "mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7",
        "kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA",
        "gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW",
        "G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI",
        "7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==",
        "-----END RSA PRIVATE KEY-----");
    OciRequestSigner signer = new OciRequestSigner("ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq/"
        + "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34",
        OciRequestSigner.readPrivateKey(pem));
    String date = "Thu, 05 Jan 2014 21:31:40 GMT"; // as OCI's example has it (5 January 2014 was a Sunday)
    String body = "{\n    \"compartmentId\": \"ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa\",\n"
        + "    \"instanceId\": \"ocid1.instance.oc1.phx.abuw4ljrlsfiqw6vzzxb43vyypt4pkodawglp3wqxjqofakrwvou52gb6s5a\",\n"
        + "    \"volumeId\": \"ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q\"\n}";
    Map<String, String> post = signer.sign("POST", URI.create("https://iaas.us-phoenix-1.oraclecloud.com/20160918/volumeAttachments"),
        "application/json", body.getBytes(StandardCharsets.UTF_8), date);
    assertEquals("Thu, 05 Jan 2014 21:31:40 GMT", post.get("date"));
    assertEquals("316", post.get("content-length"));
    assertEquals("Signature version=\"1\",headers=\"date (request-target) host content-length content-type x-content-sha256\",keyId=\""
        + signer.keyId() + "\",algorithm=\"rsa-sha256\",signature=\"Mje8vIDPlwIHmD/cTDwRxE7HaAvBg16JnVcsuqaNRim23fFPgQfLoOOxae6WqKb1uPjYEl0qI"
        + "dazWaBy/Ml8DRhqlocMwoSXv0fbukP8J5N80LCmzT/FFBvIvTB91XuXI3hYfP9Zt1l7S6ieVadHUfqBedWH0itrtPJBgKmrWso=\"", post.get("authorization"));
    Map<String, String> get = signer.sign("GET", URI.create("https://iaas.us-phoenix-1.oraclecloud.com/20160918/instances"
        + "?availabilityDomain=Pjwf%3A%20PHX-AD-1&compartmentId=ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa"
        + "&displayName=TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q"), null, null, date);
    assertEquals("Signature version=\"1\",headers=\"date (request-target) host\",keyId=\"" + signer.keyId() + "\",algorithm=\"rsa-sha256\","
        + "signature=\"GBas7grhyrhSKHP6AVIj/h5/Vp8bd/peM79H9Wv8kjoaCivujVXlpbKLjMPeDUhxkFIWtTtLBj3sUzaFj34XE6YZAHc9r2DmE4pMwOAy/kiITcZxa1oHPOeRheC0"
        + "jP2dqbTll8fmTZVwKZOKHYPtrLJIJQHJjNvxFWeHQjMaR7M=\"", get.get("authorization"));
  }

  /**
   * Stands in for OCI Vault's crypto endpoint: verifies OCI request signatures like the service does
   * and decrypts with its own AES-256-GCM master key. It checks no IAM policy and no attestation.
   */
  static final class VaultStandIn implements AutoCloseable {
    private static final Pattern AUTH = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    final HttpServer server;
    final Map<String, PublicKey> keys;
    final byte[] master = new byte[32];
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger decrypts = new AtomicInteger();
    final AtomicReference<JsonObject> lastRequest = new AtomicReference<>();
    volatile UnaryOperator<byte[]> tamper = b -> b;
    volatile java.util.function.Function<JsonObject, JsonObject> answer;

    VaultStandIn(Map<String, PublicKey> keys) throws IOException {
      this.keys = keys;
      new SecureRandom().nextBytes(master);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(OciVaultKeyRelease.DECRYPT_PATH, this::handle);
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What `oci kms crypto encrypt` returns, in this stand-in's own format: base64(iv || AES-GCM(master, plaintext)). */
    String seal(byte[] plaintext) throws Exception {
      byte[] iv = new byte[12];
      new SecureRandom().nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
      byte[] ct = c.doFinal(plaintext);
      byte[] out = new byte[12 + ct.length];
      System.arraycopy(iv, 0, out, 0, 12);
      System.arraycopy(ct, 0, out, 12, ct.length);
      return Base64.getEncoder().encodeToString(out);
    }

    private void handle(HttpExchange x) throws IOException {
      try (x) {
        requests.incrementAndGet();
        byte[] body = tamper.apply(x.getRequestBody().readAllBytes());
        String refusal = checkSignature(x, body);
        if (refusal != null) {
          reply(x, 401, "{\"code\":\"NotAuthenticated\",\"message\":\"" + refusal + "\"}");
          return;
        }
        JsonObject req = (JsonObject) Json.parse(body);
        lastRequest.set(req);
        byte[] sealed = Base64.getDecoder().decode(((JsonString) req.get("ciphertext")).value());
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        byte[] plain = c.doFinal(sealed, 12, sealed.length - 12);
        decrypts.incrementAndGet();
        JsonObject a = JsonObject.builder().put("plaintext", Base64.getEncoder().encodeToString(plain)).put("plaintextChecksum", "0")
            .put("keyId", req.get("keyId")).put("encryptionAlgorithm", "AES_256_GCM").build();
        if (answer != null) a = answer.apply(a);
        reply(x, 200, Json.writeString(a));
      } catch (Exception e) {
        reply(x, 500, "{\"code\":\"InternalServerError\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
      }
    }

    /** Null when the request is signed as OCI requires, else why not. */
    private String checkSignature(HttpExchange x, byte[] body) throws Exception {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Signature ")) return "no Signature authorization";
      Map<String, String> p = new LinkedHashMap<>();
      Matcher m = AUTH.matcher(auth);
      while (m.find()) p.put(m.group(1), m.group(2));
      if (!"1".equals(p.get("version")) || !"rsa-sha256".equals(p.get("algorithm"))) return "unsupported signature version or algorithm";
      PublicKey key = keys.get(p.get("keyId"));
      if (key == null) return "unknown keyId";
      List<String> headers = List.of(p.getOrDefault("headers", "").split(" "));
      if (!headers.equals(OciRequestSigner.BODY_HEADERS)) return "a POST must sign " + OciRequestSigner.BODY_HEADERS;
      String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
      if (!digest.equals(x.getRequestHeaders().getFirst("x-content-sha256"))) return "x-content-sha256 does not match the body";
      if (!Integer.toString(body.length).equals(x.getRequestHeaders().getFirst("content-length"))) return "content-length does not match the body";
      Instant date = ZonedDateTime.parse(x.getRequestHeaders().getFirst("date"), OciRequestSigner.HTTP_DATE).toInstant();
      if (Duration.between(date, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) return "the date is more than 5 minutes off";
      List<String> lines = new ArrayList<>();
      for (String h : headers) {
        String v = h.equals("(request-target)") ? x.getRequestMethod().toLowerCase() + " " + x.getRequestURI().getRawPath()
            : x.getRequestHeaders().getFirst(h);
        lines.add(h + ": " + v);
      }
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(p.get("signature"))) ? null : "the signature does not verify";
    }

    private static void reply(HttpExchange x, int status, String json) throws IOException {
      byte[] b = json.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(status, b.length);
      x.getResponseBody().write(b);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
