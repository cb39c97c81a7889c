package dev.zkautograd.zk;

import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The secret seed that blinds one model state's commitment: seed_t = HMAC-SHA-256(master,
 * "zk-autograd/state-blinding/v1" || chunk || t). The proof of step t-1 (state_out) and the proof
 * of step t (state_in) derive the same randomiser and salts from it, so both commit to the same
 * codeword and Merkle root. Revealing one state's seed (to open a final model) reveals nothing
 * about other states. Reading the bytes is explicit: {@link #revealBytes()}.
 */
public final class BlindingSeed {
  private static final byte[] LABEL = "zk-autograd/state-blinding/v1".getBytes(StandardCharsets.UTF_8);
  private final byte[] bytes;

  private BlindingSeed(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps 32 secret bytes. */
  public static BlindingSeed of(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a blinding seed has 32 bytes");
    }
    return new BlindingSeed(bytes.clone());
  }

  /** Derives the seed of state {@code stateIndex} of chunk {@code chunkIndex} from a master secret. */
  public static BlindingSeed derive(SecretBytes masterSecret, long chunkIndex, long stateIndex) {
    HMac mac = new HMac(new SHA256Digest());
    byte[] key = masterSecret.toByteArray(InsecureSecretAccess.get());
    mac.init(new KeyParameter(key));
    Arrays.fill(key, (byte) 0);
    mac.update(LABEL, 0, LABEL.length);
    byte[] ids = new byte[16];
    for (int i = 0; i < 8; i++) {
      ids[i] = (byte) (chunkIndex >>> (56 - 8 * i));
      ids[8 + i] = (byte) (stateIndex >>> (56 - 8 * i));
    }
    mac.update(ids, 0, 16);
    byte[] out = new byte[32];
    mac.doFinal(out, 0);
    return new BlindingSeed(out);
  }

  /**
   * A one-way fingerprint of the seed (SHA-256 under its own label), for telling seeds apart in
   * memory without holding a copy of them; never written anywhere.
   */
  public byte[] fingerprint() {
    SHA256Digest d = new SHA256Digest();
    byte[] label = "zk-autograd/state-blinding/fingerprint/v1".getBytes(StandardCharsets.UTF_8);
    d.update(label, 0, label.length);
    d.update(bytes, 0, bytes.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** The secret bytes: call only to hand them to the PRG or to deliberately open a state. */
  public byte[] revealBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "BlindingSeed[secret]";
  }
}
