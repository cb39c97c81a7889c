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
    // stored at entry half + j: one table of n entries for all stages; each entry holds w and
    // 2^64 w mod p (see butterfly), four longs
    long[] tw = new long[4 * n];
    long[] shifted = new long[2];
    long[] twoTo64 = {0, 1};
    for (int half = 1; half < n; half <<= 1) {
      int stride = n / (2 * half);
      for (int j = 0; j < half; j++) {
        int e = 4 * (half + j);
        tw[e] = rootPowers[2 * j * stride];
        tw[e + 1] = rootPowers[2 * j * stride + 1];
        FastField.mul(rootPowers, j * stride, twoTo64, 0, shifted, 0);
        tw[e + 2] = shifted[0];
        tw[e + 3] = shifted[1];
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
        butterfly(a, i, k, tw, 4 * (half + j));
      }
    }
  }

  private static long unsignedHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  private static long carry(long a, long b, long sum) {
    return ((a & b) | ((a | b) & ~sum)) >>> 63;
  }

  /**
   * (a[i], a[k]) = (a[i] + w a[k], a[i] - w a[k]) for the twiddle w at tw[e], tw[e + 1], with
   * w' = 2^64 w mod p at tw[e + 2], tw[e + 3]. The product x w of x = x0 + 2^64 x1 is computed as
   * x0 w + x1 w' &lt; 2^193: two 64x128-bit products whose sum folds with one multiplication by c
   * (of a 65-bit number), where the general multiplication must fold a 256-bit product twice.
   */
  private static void butterfly(long[] a, int i, int k, long[] tw, int e) {
    long x0 = a[2 * k];
    long x1 = a[2 * k + 1];
    long w0 = tw[e];
    long w1 = tw[e + 1];
    long v0 = tw[e + 2];
    long v1 = tw[e + 3];
    // A = x0 w = (a2:a1:a0), B = x1 w' = (b2:b1:b0)
    long a0 = x0 * w0;
    long ah = unsignedHigh(x0, w0);
    long al = x0 * w1;
    long a1 = ah + al;
    long a2 = unsignedHigh(x0, w1) + carry(ah, al, a1);
    long b0 = x1 * v0;
    long bh = unsignedHigh(x1, v0);
    long bl = x1 * v1;
    long b1 = bh + bl;
    long b2 = unsignedHigh(x1, v1) + carry(bh, bl, b1);
    // T = A + B = k2 2^192 + t2 2^128 + (t1:t0) = M 2^128 + (t1:t0), M = (k2:t2) < 2^65
    long t0 = a0 + b0;
    long q0 = carry(a0, b0, t0);
    long s1 = a1 + b1;
    long q1 = carry(a1, b1, s1);
    long t1 = s1 + q0;
    q1 += carry(s1, q0, t1);
    long s2 = a2 + b2;
    long k2 = carry(a2, b2, s2);
    long t2 = s2 + q1;
    k2 += carry(s2, q1, t2);
    // M 2^128 = M c = M 45 2^40 - M; M 45 < 2^71 is (mHi:mLo), Y = M c < 2^111
    long mLo = t2 * 45;
    long mHi = ((t2 >>> 32) * 45 + (((t2 & 0xFFFF_FFFFL) * 45) >>> 32) >>> 32) + k2 * 45;
    long z0 = mLo << 40;
    long z1 = (mHi << 40) | (mLo >>> 24);
    long y0 = z0 - t2;
    long y1 = z1 - k2 - (((~z0 & t2) | (~(z0 ^ t2) & y0)) >>> 63);
    // R = (t1:t0) + Y, the carry out of 2^128 folded back as c (then R < 2^111, no second carry)
    long e0 = t0 + y0;
    long c0 = carry(t0, y0, e0);
    long f1 = t1 + y1;
    long c1 = carry(t1, y1, f1);
    long e1 = f1 + c0;
    c1 += carry(f1, c0, e1);
    long fix = c1 * Fp.C;
    long p0 = e0 + fix;
    long p1 = e1 + carry(e0, fix, p0);
    if (!Fp.isCanonical(p0, p1)) { // rare: the lazy subtraction below needs w x < p
      p0 += Fp.C;
      p1 = 0;
    }
    long uLo = a[2 * i];
    long uHi = a[2 * i + 1];
    lazyAdd(uLo, uHi, p0, p1, a, 2 * i);
    Fp.sub(uLo, uHi, p0, p1, a, 2 * k);
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
