package dev.zkautograd.core.log;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The hash chain of a run (format {@code zk-autograd/chain/v1}, {@code docs/formats/transparency-log.md}):
 * each step record carries {@code chain = next(prev, record)}, where {@code prev} is the previous
 * step's chain value, or {@link #genesis} of the run for step 0.
 *
 * <p>Both hashes are SHA-256 over an ASCII label ending in a zero byte, so they can never collide
 * with each other or with RFC 9162 leaf ({@code 0x00}) and node ({@code 0x01}) hashes, and the
 * label's version lets a later format change the construction without ambiguity. The genesis value
 * binds the run id, so the steps of one run cannot be spliced into another. The chain and the
 * Merkle log are redundant on purpose: the chain makes order and gaps checkable step by step with
 * O(1) state; the tree gives short inclusion proofs and signed, consistent checkpoints.
 */
public final class HashChain {
  /** The domain label of genesis values, including its terminating zero byte. */
  static final byte[] GENESIS_LABEL = label("zk-autograd/chain/v1/genesis");
  /** The domain label of links, including its terminating zero byte. */
  static final byte[] LINK_LABEL = label("zk-autograd/chain/v1/link");

  private HashChain() {}

  /**
   * The {@code prev} of step 0: SHA-256("zk-autograd/chain/v1/genesis" || 0x00 || UTF-8(runId)).
   *
   * @throws IllegalArgumentException if the run id is empty or not well-formed Unicode (a lone
   *     surrogate would make two ids encode to the same bytes)
   */
  public static Digest genesis(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isEmpty()) {
      throw new IllegalArgumentException("empty run id");
    }
    for (int i = 0; i < runId.length(); i++) {
      char c = runId.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < runId.length()
            && Character.isLowSurrogate(runId.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException("run id has a lone surrogate at " + i);
        }
        i++;
      }
    }
    return Digest.sha256(GENESIS_LABEL, runId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The chain value of a step: SHA-256("zk-autograd/chain/v1/link" || 0x00 || prev || recordBytes),
   * where {@code recordBytes} is the canonical JSON of the step record without its {@code chain}
   * member. {@code prev} has a fixed length, so the split between it and the record is unambiguous.
   */
  public static Digest next(Digest prev, byte[] recordBytes) {
    return Digest.sha256(LINK_LABEL, prev.bytes(), recordBytes);
  }

  /**
   * Checks one link: that {@code claimed} is {@link #next}{@code (prev, recordBytes)}.
   *
   * @throws CoreException with reason {@link Reason#CHAIN_MISMATCH} at {@code step}, with the
   *     expected (recomputed) and the claimed value
   */
  public static void checkLink(long step, Digest prev, byte[] recordBytes, Digest claimed)
      throws CoreException {
    Digest expected = next(prev, recordBytes);
    if (!expected.equals(claimed)) {
      throw CoreException.of(Reason.CHAIN_MISMATCH,
              "the chain value does not follow from the previous one and this record")
          .step(step)
          .field("chain")
          .expected(expected.hex())
          .actual(claimed.hex())
          .build();
    }
  }

  private static byte[] label(String ascii) {
    byte[] text = ascii.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[text.length + 1];
    System.arraycopy(text, 0, out, 0, text.length);
    return out;
  }
}
