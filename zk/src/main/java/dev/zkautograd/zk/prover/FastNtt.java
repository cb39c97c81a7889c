package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;
import dev.zkautograd.zk.poly.Ntt;

/**
 * The prover's NTT butterfly network: the same function as the portable radix-2 network of
 * {@link Ntt}, computed faster on the JVM. Three differences, all measured with NttBench: the
 * multiplication is the intrinsic one called directly (no {@code FieldOps} indirection); each
 * stage reads its twiddles from a contiguous table instead of striding through the powers of the
 * root; and the first {@value #LOG_BLOCK} stages run block by block, so that a block stays in the
 * cache for all of them instead of every stage streaming the whole vector through memory.
 *
 * <p>Prover-only ({@code Math.multiplyHigh}); the verifier keeps the portable network.
 */
public final class FastNtt {
  /** Stages whose butterflies span at most 2^LOG_BLOCK elements (256 KiB) run block by block. */
  static final int LOG_BLOCK = 14;

  /** The network, for {@link Ntt#of(int, dev.zkautograd.zk.field.FieldOps, Ntt.Network)}. */
  public static final Ntt.Network NETWORK = FastNtt::network;

  private FastNtt() {}

  /** The prover's transform of size 2^logN. */
  public static Ntt of(int logN) {
    return Ntt.of(logN, FastField.OPS, NETWORK);
  }

  private static Ntt.Butterflies network(int logN, Felt root, long[] rootPowers) {
    int n = 1 << logN;
    // the stage whose butterflies span 2 * half elements uses root^(j n / (2 half)), j < half,
    // stored at [half + j]: one table of n entries for all stages
    long[] tw = new long[2 * n];
    for (int half = 1; half < n; half <<= 1) {
      int stride = n / (2 * half);
      for (int j = 0; j < half; j++) {
        tw[2 * (half + j)] = rootPowers[2 * j * stride];
        tw[2 * (half + j) + 1] = rootPowers[2 * j * stride + 1];
      }
    }
    return a -> transform(a, logN, tw);
  }

  private static void transform(long[] a, int logN, long[] tw) {
    Ntt.bitReverse(a, logN);
    int n = 1 << logN;
    int block = 1 << Math.min(logN, LOG_BLOCK);
    for (int from = 0; from < n; from += block) {
      for (int half = 1; half < block; half <<= 1) {
        stage(a, tw, half, from, from + block);
      }
    }
    for (int half = block; half < n; half <<= 1) {
      stage(a, tw, half, 0, n);
    }
    canonicalize(a, n);
  }

  private static void stage(long[] a, long[] tw, int half, int from, int to) {
    for (int start = from; start < to; start += 2 * half) {
      // j = 0: the twiddle is 1 (all of the first stage, half of the second, ...)
      int k0 = start + half;
      long u0 = a[2 * start];
      long u1 = a[2 * start + 1];
      long v0 = a[2 * k0];
      long v1 = a[2 * k0 + 1];
      if (!Fp.isCanonical(v0, v1)) { // rare (v >= p): the lazy subtraction needs v < p
        v0 += Fp.C;
        v1 = 0;
      }
      lazyAdd(u0, u1, v0, v1, a, 2 * start);
      Fp.sub(u0, u1, v0, v1, a, 2 * k0);
      for (int j = 1; j < half; j++) {
        int i = start + j;
        int k = i + half;
        FastField.mul(a, k, tw, half + j, a, k); // a[k] = w a[k], then (a[i] + a[k], a[i] - a[k])
        long uLo = a[2 * i];
        long uHi = a[2 * i + 1];
        long vLo = a[2 * k];
        long vHi = a[2 * k + 1];
        lazyAdd(uLo, uHi, vLo, vHi, a, 2 * i);
        Fp.sub(uLo, uHi, vLo, vHi, a, 2 * k);
      }
    }
  }

  /**
   * out = a + b mod p as some representative below 2^128, not necessarily canonical: the carry out
   * of 2^128 is folded back as c, and the comparison with p is left to {@link #canonicalize}.
   * Valid for a &lt; 2^128, b &lt; p (then a + b - 2^128 + c &lt; 2^128).
   */
  private static void lazyAdd(long aLo, long aHi, long bLo, long bHi, long[] out, int o) {
    long lo = aLo + bLo;
    long c0 = ((aLo & bLo) | ((aLo | bLo) & ~lo)) >>> 63;
    long hi = aHi + bHi + c0;
    long c1 = ((aHi & bHi) | ((aHi | bHi) & ~hi)) >>> 63;
    long fix = Fp.C & -c1;
    long lo2 = lo + fix;
    out[o] = lo2;
    out[o + 1] = hi + (((lo & fix) | ((lo | fix) & ~lo2)) >>> 63);
  }

  /** Reduces every representative below 2^128 to [0, p) (rarely any to change). */
  private static void canonicalize(long[] a, int n) {
    for (int i = 0; i < n; i++) {
      if (!Fp.isCanonical(a[2 * i], a[2 * i + 1])) {
        a[2 * i] += Fp.C;
        a[2 * i + 1] = 0;
      }
    }
  }
}
