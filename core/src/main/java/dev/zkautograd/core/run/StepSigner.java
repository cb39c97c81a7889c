package dev.zkautograd.core.run;

import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The prover's step-signing key (DESIGN §6): an Ed25519 seed in {@link SecretBytes}. It signs what
 * the prover itself made for a step — run, step number, rule, and the chunk entries of its proofs —
 * never a message handed to it ({@link StepSignature#message}).
 */
public final class StepSigner {
  private final SecretBytes seed;
  private final byte[] publicKey;

  private StepSigner(SecretBytes seed, byte[] publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** The signer of an RFC 8032 Ed25519 seed of 32 bytes. */
  public static StepSigner fromSeed(SecretBytes seed) {
    if (seed.size() != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.size());
    }
    byte[] sk = seed.toByteArray(InsecureSecretAccess.get());
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    try {
      Ed25519.generatePublicKey(sk, 0, pk, 0);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
    return new StepSigner(seed, pk);
  }

  /** The raw 32-byte public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@link ProverDeclaration#keyId(byte[])} of the public key. */
  public String keyId() {
    return ProverDeclaration.keyId(publicKey);
  }

  /** Signs the step of run {@code runId} that these chunk entries describe. */
  public StepSignature sign(String runId, long step, Backend backend, OptimizerSpec optimizer, long params, List<ChunkEntry> chunks) {
    byte[] message = StepSignature.message(runId, step, backend, optimizer, params, chunks);
    byte[] sk = seed.toByteArray(InsecureSecretAccess.get());
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    try {
      Ed25519.sign(sk, 0, publicKey, 0, message, 0, message.length, sig, 0);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
    return new StepSignature(keyId(), sig);
  }

  @Override
  public String toString() {
    return "StepSigner[" + keyId() + ", seed redacted]";
  }
}
