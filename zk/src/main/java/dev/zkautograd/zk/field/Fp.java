package dev.zkautograd.zk.field;

/**
 * Arithmetic in the prime field p = 2^128 - 45 * 2^40 + 1 on two 64-bit limbs.
 *
 * <p>Vectors of field elements are {@code long[]} with element i at {@code [2i]} (low limb) and
 * {@code [2i+1]} (high limb), both read as unsigned; every stored element is canonical, in [0, p).
 * The routines here are the only implementation of the field: the prover's hot loops and the
 * verifier both call them, so they are plain Java that TeaVM compiles (the 64x64 high product is
 * computed from 32-bit halves, not {@code Math.multiplyHigh}).
 *
 * <p>Reduction uses the special form of p: 2^128 = c (mod p) with c = 45 * 2^40 - 1 &lt; 2^46, so a
 * 256-bit product H * 2^128 + L folds to H * c + L (&lt; 2^175) and once more to below 2^129. The
 * JMH benchmark {@code FieldBench} compares this with Montgomery multiplication.
 */
public final class Fp {
  /** Low limb of p. */
  public static final long P_LO = 0xFFFF_D300_0000_0001L;
  /** High limb of p. */
  public static final long P_HI = 0xFFFF_FFFF_FFFF_FFFFL;
  /** c = 2^128 - p = 45 * 2^40 - 1. */
  public static final long C = 45L * (1L << 40) - 1;
  /** Two-adicity of p - 1. */
  public static final int TWO_ADICITY = 40;

  private static final long M32 = 0xFFFF_FFFFL;

  private Fp() {}

  /** High 64 bits of the unsigned 128-bit product a * b, portable (no Math.multiplyHigh). */
  public static long mulHigh(long a, long b) {
    long a0 = a & M32;
    long a1 = a >>> 32;
    long b0 = b & M32;
    long b1 = b >>> 32;
    long p00 = a0 * b0;
    long p01 = a0 * b1;
    long p10 = a1 * b0;
    long mid = (p00 >>> 32) + (p01 & M32) + (p10 & M32);
    return a1 * b1 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
  }

  private static long carry(long a, long b, long sum) {
    return ((a & b) | ((a | b) & ~sum)) >>> 63;
  }

  private static long borrow(long a, long b, long diff) {
    return ((~a & b) | (~(a ^ b) & diff)) >>> 63;
  }

  /** out[o] = a * b mod p, for canonical a = (aLo, aHi) and b = (bLo, bHi) (portable). */
  public static void mul(long aLo, long aHi, long bLo, long bHi, long[] out, int o) {
    mulFromHighProducts(aLo, aHi, bLo, bHi, mulHigh(aLo, bLo), mulHigh(aLo, bHi), mulHigh(aHi, bLo), mulHigh(aHi, bHi),
        out, o);
  }

  /**
   * The one field multiplication: out[o] = a * b mod p given the high halves of the four 64x64
   * partial products (h00 = hi(aLo bLo), h01 = hi(aLo bHi), h10 = hi(aHi bLo), h11 = hi(aHi bHi)).
   * Callers differ only in how they compute those: portably here, with the JVM intrinsic in the
   * prover ({@code prover.FastField}).
   */
  public static void mulFromHighProducts(long aLo, long aHi, long bLo, long bHi, long h00, long xh, long yh, long uh,
      long[] out, int o) {
    long r0 = aLo * bLo;
    long x = aLo * bHi;
    long y = aHi * bLo;
    long u = aHi * bHi;

    long t = h00 + x;
    long c1 = carry(h00, x, t);
    long r1 = t + y;
    c1 += carry(t, y, r1);

    long s = xh + yh;
    long c2 = carry(xh, yh, s);
    long s2 = s + u;
    c2 += carry(s, u, s2);
    long r2 = s2 + c1;
    c2 += carry(s2, c1, r2);
    long r3 = uh + c2;
    reduce(r0, r1, r2, r3, out, o);
  }

  /** out[o] = a * c mod p for canonical a = (aLo, aHi) and a constant c below 2^64 (portable). */
  public static void mulSmall(long aLo, long aHi, long c, long[] out, int o) {
    mulSmallFromHighProducts(aLo, aHi, c, mulHigh(aLo, c), mulHigh(aHi, c), out, o);
  }

  /**
   * out[o] = a * c mod p for a constant c below 2^64, given h0 = hi(aLo c) and h1 = hi(aHi c). The
   * product is below 2^192, so one fold of its top limb by 2^128 = c (mod p) suffices: about half
   * the work of {@link #mulFromHighProducts}. Most constants of the optimizer AIRs (limb weights,
   * fixed-point hyper-parameters) are this small.
   */
  public static void mulSmallFromHighProducts(long aLo, long aHi, long c, long h0, long h1, long[] out, int o) {
    long r0 = aLo * c;
    long lo1 = aHi * c;
    long r1 = h0 + lo1;
    long r2 = h1 + carry(h0, lo1, r1); // a * c < 2^192: no carry out of r2
    // W = r2 * (45 * 2^40 - 1) < 2^110
    long m0 = r2 * 45;
    long m1 = mulHigh45(r2);
    long v0 = m0 << 40;
    long v1 = (m1 << 40) | (m0 >>> 24);
    long w0 = v0 - r2;
    long w1 = v1 - borrow(v0, r2, w0);
    // (r1:r0) + W, with the carry out of 2^128 folded back as c (the sum then stays below 2^111)
    long s0 = r0 + w0;
    long k0 = carry(r0, w0, s0);
    long t1 = r1 + w1;
    long q = carry(r1, w1, t1);
    long s1 = t1 + k0;
    q += carry(t1, k0, s1);
    long f0 = s0 + q * C;
    long f1 = s1 + carry(s0, q * C, f0);
    canonical(f0, f1, out, o);
  }

  /** out[o] = (r3:r2:r1:r0) mod p for any 256-bit value below p^2. */
  static void reduce(long r0, long r1, long r2, long r3, long[] out, int o) {
    // U = (r3:r2) * 45, three limbs u2 < 2^6.
    long u0 = r2 * 45;
    long a = r3 * 45;
    long h = mulHigh45(r2);
    long u1 = a + h;
    long u2 = mulHigh45(r3) + carry(a, h, u1);
    // V = U << 40 (v2 < 2^46)
    long v0 = u0 << 40;
    long v1 = (u1 << 40) | (u0 >>> 24);
    long v2 = (u2 << 40) | (u1 >>> 24);
    // W = V - (r3:r2)  (= (r3:r2) * c)
    long w0 = v0 - r2;
    long b0 = borrow(v0, r2, w0);
    long w1t = v1 - r3;
    long b1 = borrow(v1, r3, w1t);
    long w1 = w1t - b0;
    b1 += borrow(w1t, b0, w1);
    long w2 = v2 - b1;
    // S = W + (r1:r0), s2 < 2^47
    long s0 = w0 + r0;
    long k0 = carry(w0, r0, s0);
    long t1 = w1 + r1;
    long k1 = carry(w1, r1, t1);
    long s1 = t1 + k0;
    k1 += carry(t1, k0, s1);
    long s2 = w2 + k1;
    foldOnce(s0, s1, s2, out, o);
  }

  // Second fold of reduce, split off so that each half stays under the JIT's inlining limit.
  private static void foldOnce(long s0, long s1, long s2, long[] out, int o) {
    // Y = s2 * c = s2 * 45 * 2^40 - s2  (< 2^93)
    long m = s2 * 45;
    long y0t = m << 40;
    long y1t = m >>> 24;
    long y0 = y0t - s2;
    long y1 = y1t - borrow(y0t, s2, y0);
    // R = (s1:s0) + Y, with the carry out of 2^128 folded back as c.
    long e0 = s0 + y0;
    long q0 = carry(s0, y0, e0);
    long e1t = s1 + y1;
    long q1 = carry(s1, y1, e1t);
    long e1 = e1t + q0;
    q1 += carry(e1t, q0, e1);
    long f0 = e0 + q1 * C;
    long f1 = e1 + carry(e0, q1 * C, f0);
    canonical(f0, f1, out, o);
  }

  private static long mulHigh45(long x) {
    return ((x >>> 32) * 45 + (((x & M32) * 45) >>> 32)) >>> 32;
  }

  /** Stores (lo, hi) &lt; 2^128 reduced once by p. */
  private static void canonical(long lo, long hi, long[] out, int o) {
    if (hi == P_HI && Long.compareUnsigned(lo, P_LO) >= 0) {
      lo += C; // x - p = x + c - 2^128
      hi = 0;
    }
    out[o] = lo;
    out[o + 1] = hi;
  }

  /** out[o] = a + b mod p (branch-free: the carries of random data are unpredictable). */
  public static void add(long aLo, long aHi, long bLo, long bHi, long[] out, int o) {
    long lo = aLo + bLo;
    long c0 = carry(aLo, bLo, lo);
    long ht = aHi + bHi;
    long c1 = carry(aHi, bHi, ht);
    long hi = ht + c0;
    c1 += carry(ht, c0, hi);
    // t = sum + c overflows 2^128 exactly when sum >= p; subtract p (add c) if so or if a + b >= 2^128.
    long tLo = lo + C;
    long k = carry(lo, C, tLo);
    long tHi = hi + k;
    long ge = carry(hi, k, tHi);
    long mask = -(c1 | ge);
    out[o] = lo ^ ((lo ^ tLo) & mask);
    out[o + 1] = hi ^ ((hi ^ tHi) & mask);
  }

  /** out[o] = a - b mod p (branch-free). */
  public static void sub(long aLo, long aHi, long bLo, long bHi, long[] out, int o) {
    long lo = aLo - bLo;
    long b0 = borrow(aLo, bLo, lo);
    long ht = aHi - bHi;
    long b1 = borrow(aHi, bHi, ht);
    long hi = ht - b0;
    b1 += borrow(ht, b0, hi);
    // on borrow, the wrapped a - b + 2^128 is corrected to a - b + p by subtracting c
    long sub = C & -b1;
    long l2 = lo - sub;
    out[o] = l2;
    out[o + 1] = hi - borrow(lo, sub, l2);
  }

  // ---- array-slot forms, for vectors ----

  /** v[i] = a[ai] * b[bi]. Indices are element indices. */
  public static void mul(long[] a, int ai, long[] b, int bi, long[] v, int i) {
    mul(a[2 * ai], a[2 * ai + 1], b[2 * bi], b[2 * bi + 1], v, 2 * i);
  }

  /** v[i] = a[ai] * c for a constant c below 2^64. */
  public static void mulSmall(long[] a, int ai, long c, long[] v, int i) {
    mulSmall(a[2 * ai], a[2 * ai + 1], c, v, 2 * i);
  }

  /** v[i] = a[ai] + b[bi]. */
  public static void add(long[] a, int ai, long[] b, int bi, long[] v, int i) {
    add(a[2 * ai], a[2 * ai + 1], b[2 * bi], b[2 * bi + 1], v, 2 * i);
  }

  /** v[i] = a[ai] - b[bi]. */
  public static void sub(long[] a, int ai, long[] b, int bi, long[] v, int i) {
    sub(a[2 * ai], a[2 * ai + 1], b[2 * bi], b[2 * bi + 1], v, 2 * i);
  }

  /** The portable implementation of {@link FieldOps}. */
  public static final FieldOps PORTABLE = Fp::mul;

  /** True if (lo, hi) read as an unsigned 128-bit integer is below p. */
  public static boolean isCanonical(long lo, long hi) {
    return hi != P_HI || Long.compareUnsigned(lo, P_LO) < 0;
  }

  /** Inverts every nonzero element of v[from, to) in place (Montgomery's batch trick). */
  public static void batchInvert(long[] v, int from, int to) {
    batchInvert(v, from, to, PORTABLE);
  }

  /** {@link #batchInvert(long[], int, int)} with the given multiplication. */
  public static void batchInvert(long[] v, int from, int to, FieldOps ops) {
    int n = to - from;
    if (n <= 0) {
      return;
    }
    long[] prefix = new long[2 * n];
    prefix[0] = v[2 * from];
    prefix[1] = v[2 * from + 1];
    for (int k = 1; k < n; k++) {
      ops.mul(prefix, k - 1, v, from + k, prefix, k);
    }
    Felt inv = Felt.of(prefix[2 * n - 2], prefix[2 * n - 1]).inverse();
    long[] acc = {inv.lo(), inv.hi()};
    long[] tmp = new long[2];
    for (int k = n - 1; k > 0; k--) {
      ops.mul(acc, 0, prefix, k - 1, tmp, 0); // inverse of v[from+k]
      ops.mul(acc, 0, v, from + k, acc, 0);
      v[2 * (from + k)] = tmp[0];
      v[2 * (from + k) + 1] = tmp[1];
    }
    v[2 * from] = acc[0];
    v[2 * from + 1] = acc[1];
  }
}
