package dev.zkautograd.enclave.keyrelease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.LocalCertificates;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS KMS key release, production code path, against moto's server started on 127.0.0.1.
 *
 * <p>What stands in for what: moto stands in for KMS's key store (CreateKey, Encrypt, Decrypt);
 * {@link RecipientShim}, between the SDK and moto, stands in for KMS's {@code Recipient} handling
 * (it envelopes moto's plaintext to the attestation's RSA key as CMS, as KMS does); {@link
 * LocalAttestor} stands in for the NSM. Not covered, because neither moto nor the shim does it: KMS
 * checking the attestation against the key policy's {@code kms:RecipientAttestation:*} conditions.
 * Covered for real: the SDK request (key, ciphertext, Recipient with the attestation and
 * RSAES_OAEP_SHA_256), unwrapping a real CMS envelope with the ephemeral key, refusing plaintext,
 * and our own policy check, which refuses before KMS is even asked.
 */
class AwsKmsKeyReleaseTest {
  static MotoServer moto;
  static RecipientShim shim;
  static LocalAttestor attestor;
  static byte[] seed;
  static String keyId;
  static byte[] sealed;

  static KmsClient kms(String url) {
    return KmsClient.builder().endpointOverride(URI.create(url)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    moto = MotoServer.start();
    shim = new RecipientShim(moto.url());
    attestor = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
    seed = new byte[32];
    new java.security.SecureRandom().nextBytes(seed);
    try (KmsClient direct = kms(moto.url())) {
      keyId = direct.createKey(b -> b.description("zk-autograd step-signing seed")).keyMetadata().keyId();
      sealed = direct.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(seed))).ciphertextBlob().asByteArray();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (shim != null) shim.close();
    if (moto != null) moto.close();
  }

  static NitroAttestationVerifier policy(Map<Integer, byte[]> pcrs) {
    return new NitroAttestationVerifier(new AttestationPolicy(attestor.root(), pcrs, AttestationPolicy.DEFAULT_FRESHNESS));
  }

  @Test
  void the_sealed_seed_is_released_through_a_cms_envelope_to_the_attested_key() throws Exception {
    try (KmsClient client = kms(shim.url())) {
      StepSigner signer = new AwsKmsKeyRelease(client, keyId, sealed).release(attestor, policy(LocalAttestor.defaultPcrs()));
      assertArrayEquals(StepSigner.fromSeed(SecretBytes.copyFrom(seed, InsecureSecretAccess.get())).publicKey(), signer.publicKey());
    }
  }

  @Test
  void an_attestation_outside_the_policy_gets_no_key_and_kms_is_never_asked() throws Exception {
    Map<Integer, byte[]> wrong = new TreeMap<>(LocalAttestor.defaultPcrs());
    wrong.put(0, new byte[48]);
    int before = shim.decrypts.get();
    try (KmsClient client = kms(shim.url())) {
      KeyReleaseException e = assertThrows(KeyReleaseException.class,
          () -> new AwsKmsKeyRelease(client, keyId, sealed).release(attestor, policy(wrong)));
      assertEquals(KeyReleaseException.Reason.POLICY_REFUSED, e.reason());
    }
    assertEquals(before, shim.decrypts.get());
  }

  @Test
  void a_plaintext_answer_is_refused() throws Exception {
    // moto itself ignores Recipient and answers with Plaintext: the release must not accept that.
    try (KmsClient client = kms(moto.url())) {
      KeyReleaseException e = assertThrows(KeyReleaseException.class,
          () -> new AwsKmsKeyRelease(client, keyId, sealed).release(attestor, policy(Map.of())));
      assertEquals(KeyReleaseException.Reason.BAD_RESPONSE, e.reason());
    }
  }

  @Test
  void an_envelope_for_another_key_or_garbage_is_refused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair other = g.generateKeyPair();
    assertEquals(KeyReleaseException.Reason.BAD_RESPONSE,
        assertThrows(KeyReleaseException.class, () -> AwsKmsKeyRelease.unwrap(new byte[] {0x30, 0x03, 1, 2, 3}, other.getPrivate())).reason());
    assertEquals(KeyReleaseException.Reason.BAD_RESPONSE, assertThrows(KeyReleaseException.class,
        () -> AwsKmsKeyRelease.unwrap(LocalCertificates.keyPair().getPublic().getEncoded(), other.getPrivate())).reason());
  }
}
