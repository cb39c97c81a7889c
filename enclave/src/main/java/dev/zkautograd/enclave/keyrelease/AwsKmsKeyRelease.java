package dev.zkautograd.enclave.keyrelease;

import dev.zkautograd.core.secret.SecretBytes;
import java.security.PrivateKey;
import java.util.Collection;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * The step-signing seed sealed under an AWS KMS key, released by {@code Decrypt} with a {@code
 * Recipient}: KMS checks the attestation document against the key policy (for example {@code
 * kms:RecipientAttestation:PCR0}), and returns the seed not in the clear but as {@code
 * CiphertextForRecipient}, a CMS EnvelopedData (RFC 5652) encrypted to the RSA key the document
 * vouches for, which only this prover holds. A response that carries {@code Plaintext} instead is
 * refused: the seed must never cross the host in the clear.
 */
public final class AwsKmsKeyRelease extends KeyRelease {
  private final KmsClient kms;
  private final String keyId;
  private final byte[] sealedSeed;

  /**
   * @param keyId the KMS key the seed was encrypted under
   * @param sealedSeed the {@code CiphertextBlob} of {@code Encrypt(keyId, seed)}
   */
  public AwsKmsKeyRelease(KmsClient kms, String keyId, byte[] sealedSeed) {
    this.kms = kms;
    this.keyId = keyId;
    this.sealedSeed = sealedSeed.clone();
  }

  @Override
  protected SecretBytes fetch(byte[] attestation, PrivateKey recipient) throws KeyReleaseException {
    DecryptResponse r;
    try {
      r = kms.decrypt(DecryptRequest.builder().keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(sealedSeed))
          .recipient(RecipientInfo.builder().keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
              .attestationDocument(SdkBytes.fromByteArray(attestation)).build())
          .build());
    } catch (SdkException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "KMS Decrypt of the step-signing seed under " + keyId
          + " failed: " + e.getMessage(), e);
    }
    if (r.plaintext() != null) {
      throw new KeyReleaseException(KeyReleaseException.Reason.BAD_RESPONSE, "KMS returned the seed in plaintext although a recipient "
          + "was given: refusing a key that crossed the host in the clear", null);
    }
    if (r.ciphertextForRecipient() == null) {
      throw new KeyReleaseException(KeyReleaseException.Reason.BAD_RESPONSE, "KMS returned no CiphertextForRecipient", null);
    }
    return secret(unwrap(r.ciphertextForRecipient().asByteArray(), recipient));
  }

  /** The content of a CMS EnvelopedData for one key-transport recipient, decrypted with {@code recipient}. */
  static byte[] unwrap(byte[] envelope, PrivateKey recipient) throws KeyReleaseException {
    try {
      Collection<RecipientInformation> all = new CMSEnvelopedData(envelope).getRecipientInfos().getRecipients();
      if (all.size() != 1) {
        throw new KeyReleaseException(KeyReleaseException.Reason.BAD_RESPONSE, "the envelope has " + all.size() + " recipients, not 1", null);
      }
      return all.iterator().next().getContent(new JceKeyTransEnvelopedRecipient(recipient).setProvider(new BouncyCastleProvider()));
    } catch (CMSException | RuntimeException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.BAD_RESPONSE, "CiphertextForRecipient is not a CMS envelope for this "
          + "prover's key: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "AWS KMS key " + keyId;
  }
}
