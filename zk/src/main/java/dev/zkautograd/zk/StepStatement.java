package dev.zkautograd.zk;

import java.util.List;

/**
 * What a step proof states publicly, apart from the state roots: the optimizer and its fixed-point
 * hyper-parameters, the step number, and which chunk of the model it covers. Its canonical bytes
 * ({@link #toBytes()}) are absorbed into the transcript before any challenge.
 *
 * @param optimizer the rule
 * @param hyperParameters the rule's fixed-point hyper-parameters, in the rule's order (SGD: lr, clip;
 *     Adam: lr, β1, β2, ε, clip)
 * @param fracBits fractional bits of the fixed-point format (32)
 * @param step the step number t (the proof moves state t to state t+1)
 * @param totalParameters parameters in the whole model
 * @param chunkIndex index of this chunk
 * @param offset first parameter of the chunk
 * @param length parameters in the chunk (the proven rows; the rest of the trace is inert padding)
 * @param limbBits width of the range-checked limbs (8 or 16; see {@link #sgd})
 */
public record StepStatement(
    OptimizerKind optimizer,
    List<Long> hyperParameters,
    int fracBits,
    long step,
    long totalParameters,
    int chunkIndex,
    long offset,
    int length,
    int limbBits) {

  /** Encoding version byte, first in {@link #toBytes()}. */
  public static final int ENCODING_VERSION = 1;

  public StepStatement {
    hyperParameters = List.copyOf(hyperParameters);
  }

  /**
   * Chunks up to this length are range-checked with 8-bit limbs: the LogUp table must fit in the
   * trace, so 16-bit limbs force at least 2^16 rows, while 8-bit limbs need twice the limb columns
   * of a trace only as long as the chunk. Up to 2^15 parameters the shorter trace wins (at 2^15 by
   * about 1.4x in committed cells, at 2^11 by about 20x).
   */
  public static final int NARROW_LIMB_MAX_LENGTH = 1 << 15;

  /**
   * SGD over one chunk, with the limb width every honest prover and every verifier derive from the
   * chunk length ({@link #NARROW_LIMB_MAX_LENGTH}).
   */
  public static StepStatement sgd(long learningRate, long clip, long step, long totalParameters, int chunkIndex, long offset,
      int length) {
    return new StepStatement(OptimizerKind.SGD, List.of(learningRate, clip), 32, step, totalParameters, chunkIndex, offset,
        length, length <= NARROW_LIMB_MAX_LENGTH ? 8 : 16);
  }

  /**
   * Adam over one chunk (Q32 hyper-parameters, see {@code AdamRule}), with the same limb-width rule
   * as {@link #sgd}. The per-step constants lr_t and ε_t are not part of the statement: every
   * verifier derives them from the step number.
   */
  public static StepStatement adam(long learningRate, long beta1, long beta2, long epsilon, long clip, long step,
      long totalParameters, int chunkIndex, long offset, int length) {
    return new StepStatement(OptimizerKind.ADAM, List.of(learningRate, beta1, beta2, epsilon, clip), 32, step,
        totalParameters, chunkIndex, offset, length, length <= NARROW_LIMB_MAX_LENGTH ? 8 : 16);
  }

  /** The statement of a chunk under a run's declared optimizer rule ({@link #adam} or {@link #sgd}). */
  public static StepStatement of(dev.zkautograd.core.run.OptimizerSpec o, long step, long totalParameters, int chunkIndex, long offset,
      int length) {
    if (o instanceof dev.zkautograd.core.run.OptimizerSpec.Adam a) {
      return adam(a.lr(), a.beta1(), a.beta2(), a.eps(), a.clip(), step, totalParameters, chunkIndex, offset, length);
    }
    return sgd(o.lr(), o.clip(), step, totalParameters, chunkIndex, offset, length);
  }

  /**
   * Why the fields every step AIR shares (format, chunk range, limb width, step) are invalid, or
   * null if they are valid; the optimizer's hyper-parameters are the AIR's to check.
   */
  public String chunkProblem() {
    if (fracBits != 32) {
      return "fixed point must be Q32";
    } else if (length < 1 || length > (1 << 24)) {
      return "chunk length outside [1, 2^24]";
    } else if (offset < 0 || totalParameters < 0 || offset + length > totalParameters) {
      return "chunk range outside the model";
    } else if (limbBits != 8 && limbBits != 16) {
      return "limb width must be 8 or 16 bits";
    } else if (chunkIndex < 0 || step < 0) {
      return "negative step or chunk index";
    }
    return null;
  }

  /**
   * Rows of a one-row-per-parameter AIR for this statement: the chunk length rounded up to a power
   * of two, but at least the 2^limbBits rows the range table needs, and at least 4.
   */
  public int traceRows() {
    int rows = Integer.highestOneBit(Math.max(1, length - 1)) << 1;
    return Math.max(Math.max(rows, 1 << limbBits), 4);
  }

  /**
   * The run declaration's optimizer entry that this statement proves (the inverse of how a record
   * verifier builds statements from records): what the prover signs as the step's rule.
   */
  public dev.zkautograd.core.run.OptimizerSpec optimizerSpec() {
    List<Long> h = hyperParameters;
    return optimizer == OptimizerKind.ADAM
        ? new dev.zkautograd.core.run.OptimizerSpec.Adam(fracBits, h.get(0), h.get(1), h.get(2), h.get(3), h.get(4))
        : new dev.zkautograd.core.run.OptimizerSpec.Sgd(fracBits, h.get(0), h.get(1));
  }

  /** The same statement with another step number. */
  public StepStatement withStep(long t) {
    return new StepStatement(optimizer, hyperParameters, fracBits, t, totalParameters, chunkIndex, offset, length, limbBits);
  }

  /** The same statement with another limb width. */
  public StepStatement withLimbBits(int bits) {
    return new StepStatement(optimizer, hyperParameters, fracBits, step, totalParameters, chunkIndex, offset, length, bits);
  }

  /**
   * Canonical bytes: version u8, optimizer u8, hyper-parameter count u8, each i64, fracBits u8,
   * step u64, totalParameters u64, chunkIndex u32, offset u64, length u32, limbBits u8 (big-endian).
   */
  public byte[] toBytes() {
    byte[] b = new byte[3 + 8 * hyperParameters.size() + 1 + 8 + 8 + 4 + 8 + 4 + 1];
    int o = 0;
    b[o++] = (byte) ENCODING_VERSION;
    b[o++] = (byte) optimizer.code();
    b[o++] = (byte) hyperParameters.size();
    for (long h : hyperParameters) {
      o = put(b, o, h, 8);
    }
    b[o++] = (byte) fracBits;
    o = put(b, o, step, 8);
    o = put(b, o, totalParameters, 8);
    o = put(b, o, chunkIndex, 4);
    o = put(b, o, offset, 8);
    o = put(b, o, length, 4);
    b[o] = (byte) limbBits;
    return b;
  }

  /**
   * The rule: {@link #toBytes()} up to the step (version, optimizer, hyper-parameters, fraction bits),
   * the prefix every statement of a run shares, which an on-chain anchor registers a run with.
   */
  public byte[] ruleBytes() {
    return java.util.Arrays.copyOf(toBytes(), 3 + 8 * hyperParameters.size() + 1);
  }

  private static int put(byte[] b, int o, long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      b[o++] = (byte) (v >>> (8 * i));
    }
    return o;
  }
}
