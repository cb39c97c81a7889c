package dev.zkautograd.zk.field;

/**
 * An immutable element of the prime field p = 2^128 - 45 * 2^40 + 1, for scalar code (the
 * verifier, constants of AIRs, challenges). Vectors use {@code long[]} and {@link Fp} instead.
 *
 * <p>Encoded as 16 bytes big-endian; only canonical encodings (below p) are accepted.
 */
public final class Felt {
  /** Zero. */
  public static final Felt ZERO = new Felt(0, 0);
  /** One. */
  public static final Felt ONE = new Felt(1, 0);
  /** Encoded length in bytes. */
  public static final int BYTES = 16;
  /**
   * A generator of the multiplicative subgroup of order 2^40: 7^((p-1)/2^40). FieldTest derives it
   * with the BigInteger oracle and checks its order.
   */
  public static final Felt TWO_ADIC_ROOT = new Felt(0x8144_76a8_949d_19c8L, 0x5e99_3276_610c_b991L);
  /** The coset offset of every low-degree-extension domain: 7, which lies outside every 2-power subgroup. */
  public static final Felt COSET_OFFSET = new Felt(7, 0);

  private final long lo;
  private final long hi;

  private Felt(long lo, long hi) {
    this.lo = lo;
    this.hi = hi;
  }

  /** The element with limbs (lo, hi); they must be canonical. */
  public static Felt of(long lo, long hi) {
    if (!Fp.isCanonical(lo, hi)) {
      throw new IllegalArgumentException("not a canonical field element");
    }
    return new Felt(lo, hi);
  }

  /** The element at index i of a vector. */
  public static Felt at(long[] v, int i) {
    return new Felt(v[2 * i], v[2 * i + 1]);
  }

  /** The image of a signed 64-bit integer. */
  public static Felt ofLong(long x) {
    if (x >= 0) {
      return new Felt(x, 0);
    }
    return ZERO.sub(new Felt(-x, 0)); // -Long.MIN_VALUE wraps to 2^63 read as unsigned: still right
  }

  /** Parses 16 big-endian bytes at {@code off}; null if not canonical. */
  public static Felt fromBytes(byte[] b, int off) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[off + i] & 0xFF);
      lo = (lo << 8) | (b[off + 8 + i] & 0xFF);
    }
    return Fp.isCanonical(lo, hi) ? new Felt(lo, hi) : null;
  }

  /** Writes 16 big-endian bytes at {@code off}. */
  public void writeTo(byte[] b, int off) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (hi >>> (56 - 8 * i));
      b[off + 8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
  }

  /** 16 big-endian bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[BYTES];
    writeTo(b, 0);
    return b;
  }

  public long lo() {
    return lo;
  }

  public long hi() {
    return hi;
  }

  /** Stores this element at index i of a vector. */
  public void store(long[] v, int i) {
    v[2 * i] = lo;
    v[2 * i + 1] = hi;
  }

  public boolean isZero() {
    return lo == 0 && hi == 0;
  }

  public Felt add(Felt o) {
    long[] t = new long[2];
    Fp.add(lo, hi, o.lo, o.hi, t, 0);
    return new Felt(t[0], t[1]);
  }

  public Felt sub(Felt o) {
    long[] t = new long[2];
    Fp.sub(lo, hi, o.lo, o.hi, t, 0);
    return new Felt(t[0], t[1]);
  }

  public Felt neg() {
    return ZERO.sub(this);
  }

  public Felt mul(Felt o) {
    long[] t = new long[2];
    Fp.mul(lo, hi, o.lo, o.hi, t, 0);
    return new Felt(t[0], t[1]);
  }

  public Felt square() {
    return mul(this);
  }

  /** this^e for an unsigned exponent given as 128 bits (eLo, eHi). */
  public Felt pow(long eLo, long eHi) {
    long[] acc = {1, 0};
    for (int bit = 127; bit >= 0; bit--) {
      Fp.mul(acc[0], acc[1], acc[0], acc[1], acc, 0);
      long word = bit >= 64 ? eHi : eLo;
      if (((word >>> (bit & 63)) & 1) != 0) {
        Fp.mul(acc[0], acc[1], lo, hi, acc, 0);
      }
    }
    return new Felt(acc[0], acc[1]);
  }

  /** this^e for e &ge; 0. */
  public Felt pow(long e) {
    return pow(e, 0);
  }

  /** this^(2^k). */
  public Felt powTwo(int k) {
    Felt x = this;
    for (int i = 0; i < k; i++) {
      x = x.square();
    }
    return x;
  }

  /** The inverse, by Fermat (x^(p-2)); the inverse of zero is defined as zero. */
  public Felt inverse() {
    return pow(Fp.P_LO - 2, Fp.P_HI);
  }

  /** A primitive 2^k-th root of unity, for k &le; 40. */
  public static Felt rootOfUnity(int k) {
    if (k < 0 || k > Fp.TWO_ADICITY) {
      throw new IllegalArgumentException("no 2^" + k + "-th root of unity");
    }
    return TWO_ADIC_ROOT.powTwo(Fp.TWO_ADICITY - k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Felt && ((Felt) o).lo == lo && ((Felt) o).hi == hi;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lo) * 31 + Long.hashCode(hi);
  }

  /** 32 lower-case hex digits, most significant first. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(32);
    for (int i = 60; i >= 0; i -= 4) {
      s.append(Character.forDigit((int) (hi >>> i) & 15, 16));
    }
    for (int i = 60; i >= 0; i -= 4) {
      s.append(Character.forDigit((int) (lo >>> i) & 15, 16));
    }
    return s.toString();
  }
}
