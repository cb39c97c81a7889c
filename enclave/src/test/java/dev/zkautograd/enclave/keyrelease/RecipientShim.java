package dev.zkautograd.enclave.keyrelease;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.enclave.attestation.AttestationDocument;
import dev.zkautograd.enclave.attestation.CoseSign1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Stands in for the one part of KMS that moto lacks: {@code Decrypt} with a {@code Recipient}. It
 * forwards every request to moto unchanged, and rewrites a Decrypt answer to a request with a
 * Recipient the way KMS does — the plaintext enveloped (CMS, RSAES-OAEP-SHA-256, AES-256-CBC) to the
 * public key in the request's attestation document, returned as {@code CiphertextForRecipient} with
 * no {@code Plaintext}. It checks no attestation (real KMS checks the key policy's conditions).
 */
final class RecipientShim implements AutoCloseable {
  final HttpServer server;
  final AtomicInteger decrypts = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();

  RecipientShim(String motoUrl) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> forward(x, motoUrl));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange x, String motoUrl) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(motoUrl + x.getRequestURI())).method(x.getRequestMethod(),
          HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
        String n = h.getKey().toLowerCase();
        if (n.equals("host") || n.equals("content-length") || n.equals("connection") || n.equals("expect")) continue;
        for (String v : h.getValue()) b.header(h.getKey(), v);
      }
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] out = r.body();
      String target = x.getRequestHeaders().getFirst("X-Amz-Target");
      if ("TrentService.Decrypt".equals(target) && r.statusCode() == 200) {
        decrypts.incrementAndGet();
        JsonObject req = (JsonObject) Json.parse(body);
        if (req.get("Recipient") instanceof JsonObject recipient) {
          out = envelope((JsonObject) Json.parse(out), recipient);
        }
      }
      x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      x.sendResponseHeaders(r.statusCode(), out.length);
      x.getResponseBody().write(out);
    } catch (Exception e) {
      byte[] m = ("{\"__type\":\"ShimFailure\",\"message\":\"" + e.getClass().getSimpleName() + "\"}").getBytes();
      x.sendResponseHeaders(500, m.length);
      x.getResponseBody().write(m);
    }
  }

  private static byte[] envelope(JsonObject answer, JsonObject recipient) throws Exception {
    byte[] plaintext = Base64.getDecoder().decode(((JsonString) answer.get("Plaintext")).value());
    byte[] doc = Base64.getDecoder().decode(((JsonString) recipient.get("AttestationDocument")).value());
    byte[] spki = AttestationDocument.parse(CoseSign1.parse(doc).payload()).publicKey();
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    g.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(new byte[] {1},
        new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_RSAES_OAEP, oaep),
        key));
    byte[] cms = g.generate(new CMSProcessableByteArray(plaintext), new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build())
        .getEncoded();
    JsonObject.Builder out = JsonObject.builder();
    for (Map.Entry<String, JsonValue> m : answer.members().entrySet()) {
      if (!m.getKey().equals("Plaintext")) out.put(m.getKey(), m.getValue());
    }
    return Json.write(out.put("CiphertextForRecipient", new JsonString(Base64.getEncoder().encodeToString(cms))).build());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
