package dev.zkautograd.ezkl;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.StepStatement;
import java.nio.charset.StandardCharsets;

/**
 * The statement input of a step graph (docs/ezkl-backend.md, "The statement"): SHA-256 of a domain tag
 * and the statement's canonical bytes ({@link StepStatement#toBytes()}: optimizer, hyper-parameters,
 * fixed point, step, parameter count, chunk index, offset and length), as eight big-endian 32-bit
 * words. The prover feeds them to the circuit as field elements; the circuit exposes their Poseidon
 * hash as an instance, and the verifier, which rebuilds the statement from the record, asks for the
 * same hash. So a proof states which chunk of which step of which rule it is about, and a proof
 * filed under any other statement is rejected.
 *
 * <p>Words below 2^32 stay inside the range EZKL's decomposition checks every input against (three
 * base-2^12 digits); the input adds 56 rows to the dim-16 Adam circuit.
 */
public final class StatementWords {
  /** Domain tag, first in the hashed bytes. */
  public static final byte[] TAG = "zk-autograd/ezkl-statement/v1\n".getBytes(StandardCharsets.US_ASCII);

  /** Words of the statement input. */
  public static final int WORDS = 8;

  private StatementWords() {}

  /** The statement input of {@code statement}: eight integers in [0, 2^32). */
  public static long[] of(StepStatement statement) {
    byte[] d = Digest.sha256(TAG, statement.toBytes()).bytes();
    long[] words = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      long w = 0;
      for (int j = 0; j < 4; j++) {
        w = (w << 8) | (d[4 * i + j] & 0xff);
      }
      words[i] = w;
    }
    return words;
  }
}
