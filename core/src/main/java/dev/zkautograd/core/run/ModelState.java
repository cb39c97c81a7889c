package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.nio.ByteBuffer;

/**
 * A released model state ({@code zk-autograd/model-state/v1}, docs/formats/model-state.md): Q32
 * weights and, for Adam, first (Q32) and second (Q64, unsigned) moments. Secret material until its
 * holder releases it. Immutable: arrays are copied in and out.
 */
public final class ModelState {
  /** The file's first four bytes. */
  public static final byte[] MAGIC = {'Z', 'K', 'A', 'M'};
  /** The only version this code reads and writes. */
  public static final int VERSION = 1;
  /** Most parameters a file may hold. */
  public static final int MAX_COUNT = 1 << 28;

  private static final int HEADER = 16;
  private static final long WEIGHT_BOUND = 1L << 47;

  private final long[] weights;
  private final long[] moments;
  private final long[] secondMoments;

  private ModelState(long[] weights, long[] moments, long[] secondMoments) {
    this.weights = weights;
    this.moments = moments;
    this.secondMoments = secondMoments;
  }

  /** An SGD state: weights only. */
  public static ModelState weightsOnly(long[] weights) {
    return of(weights, new long[0], new long[0]);
  }

  /** A state with moments (Adam), or without (both empty). */
  public static ModelState of(long[] weights, long[] moments, long[] secondMoments) {
    if (weights.length < 1 || weights.length > MAX_COUNT) {
      throw new IllegalArgumentException("a model state has 1 to 2^28 parameters");
    }
    if ((moments.length != 0 || secondMoments.length != 0)
        && (moments.length != weights.length || secondMoments.length != weights.length)) {
      throw new IllegalArgumentException("moments must be empty or as long as the weights");
    }
    for (long w : weights) {
      if (w < -WEIGHT_BOUND || w >= WEIGHT_BOUND) {
        throw new IllegalArgumentException("weight outside [-2^47, 2^47)");
      }
    }
    return new ModelState(weights.clone(), moments.clone(), secondMoments.clone());
  }

  public int size() {
    return weights.length;
  }

  /** Whether the state carries Adam's moments. */
  public boolean hasMoments() {
    return moments.length != 0;
  }

  public long[] weights() {
    return weights.clone();
  }

  public long[] moments() {
    return moments.clone();
  }

  public long[] secondMoments() {
    return secondMoments.clone();
  }

  /** The file's bytes. */
  public byte[] toBytes() {
    int arrays = hasMoments() ? 3 : 1;
    ByteBuffer b = ByteBuffer.allocate(HEADER + 8 * arrays * weights.length);
    b.put(MAGIC).putShort((short) VERSION).put((byte) (hasMoments() ? 2 : 1)).put((byte) 32).putLong(weights.length);
    for (long[] a : new long[][] {weights, moments, secondMoments}) {
      for (long x : a) {
        b.putLong(x);
      }
    }
    return b.array();
  }

  /** Parses a file's bytes; every problem is a CoreException naming the field. */
  public static ModelState parse(byte[] bytes) throws CoreException {
    if (bytes.length < HEADER) {
      throw CoreException.of(Reason.MALFORMED, "a model state starts with a 16-byte header").field("header")
          .expected(HEADER + " bytes").actual(bytes.length + " bytes").build();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[4];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw CoreException.of(Reason.MALFORMED, "not a zk-autograd model state").field("magic").expected("ZKAM").build();
    }
    int version = Short.toUnsignedInt(b.getShort());
    if (version != VERSION) {
      throw CoreException.of(Reason.UNSUPPORTED_VERSION, "model state format version " + version + " is not known here")
          .field("version").expected(VERSION).actual(version).build();
    }
    int kind = b.get();
    if (kind != 1 && kind != 2) {
      throw CoreException.of(Reason.BAD_FIELD, "unknown model state kind").field("kind").expected("1 or 2").actual(kind).build();
    }
    int frac = b.get();
    if (frac != 32) {
      throw CoreException.of(Reason.BAD_FIELD, "model states are Q32").field("frac_bits").expected(32).actual(frac).build();
    }
    long count = b.getLong();
    if (count < 1 || count > MAX_COUNT) {
      throw CoreException.of(Reason.BAD_FIELD, "parameter count out of range").field("count")
          .expected("1 to 2^28").actual(count).build();
    }
    long expected = HEADER + 8L * (kind == 2 ? 3 : 1) * count;
    if (bytes.length != expected) {
      throw CoreException.of(Reason.MALFORMED, "file length does not match its header").field("length")
          .expected(expected + " bytes").actual(bytes.length + " bytes").build();
    }
    int n = (int) count;
    long[][] arrays = new long[3][];
    for (int a = 0; a < 3; a++) {
      arrays[a] = new long[a == 0 || kind == 2 ? n : 0];
      for (int i = 0; i < arrays[a].length; i++) {
        arrays[a][i] = b.getLong();
      }
    }
    for (int i = 0; i < n; i++) {
      if (arrays[0][i] < -WEIGHT_BOUND || arrays[0][i] >= WEIGHT_BOUND) {
        throw CoreException.of(Reason.BAD_FIELD, "weight outside [-2^47, 2^47)").field("weights[" + i + "]")
            .actual(arrays[0][i]).build();
      }
    }
    return new ModelState(arrays[0], arrays[1], arrays[2]);
  }
}
