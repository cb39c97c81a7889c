package dev.zkautograd.ezkl;

/**
 * EZKL's fixed point: a real x is the field element k = round(x · 2^scale), one scale for every input,
 * parameter and output of the step graphs (docs/ezkl-backend.md, "Precision"). This maps the trainer's
 * formats (weights, gradients and first moments in Q32; Adam's second moment as the circuit's u =
 * v/(1 − β2), held in the unsigned Q64 slot as u / 2^10) onto that grid and back; values on the grid
 * map back exactly.
 *
 * @param scale fractional bits of the grid, 4 to 20
 */
public record FixedPointGrid(int scale) {
  /**
   * Largest |k| the backend sends: the graphs declare float32 inputs, whose 24-bit significand holds
   * every grid value below 2^24 units exactly.
   */
  public static final long MAX_UNITS = (1L << 24) - 1;

  public FixedPointGrid {
    if (scale < 4 || scale > 20) {
      throw new IllegalArgumentException("scale must lie in [4, 20], not " + scale);
    }
  }

  /** The Q32 value x rounded to the grid (ties round up), in units of 2^-scale. */
  public long unitsOfQ32(long x) {
    int shift = 32 - scale;
    return Math.floorDiv(x + (1L << (shift - 1)), 1L << shift);
  }

  /**
   * Bits by which the trainer's second-moment slot (unsigned Q64, a value in [0, 1)) divides the
   * circuit's u: the slot holds u / 2^10, so that u up to 1024 (the grid's exact range at scale 14)
   * round-trips exactly.
   */
  public static final int MOMENT_SLOT_BITS = 10;

  /** The trainer's second-moment slot (unsigned Q64 of u / 2^10) as u in grid units (ties round up). */
  public long unitsOfMomentSlot(long slot) {
    int shift = 64 - scale - MOMENT_SLOT_BITS;
    return (slot >>> shift) + ((slot >>> (shift - 1)) & 1);
  }

  /** A real rounded to the grid (ties round up), in units. */
  public long unitsOf(double x) {
    return (long) Math.floor(Math.scalb(x, scale) + 0.5);
  }

  /** The real value of k units (exact in a double). */
  public double value(long units) {
    return Math.scalb((double) units, -scale);
  }

  /** k units as Q32 (exact). */
  public long q32(long units) {
    return units << (32 - scale);
  }

  /**
   * u of k units as the trainer's second-moment slot (exact); only 0 ≤ u &lt; 2^10 is representable.
   *
   * @throws IllegalArgumentException outside that range
   */
  public long momentSlot(long units) {
    if (units < 0 || units >= (1L << (scale + MOMENT_SLOT_BITS))) {
      throw new IllegalArgumentException("u must lie in [0, 2^10)");
    }
    return units << (64 - scale - MOMENT_SLOT_BITS);
  }

  /** Whether k units is sent exactly (|k| ≤ {@link #MAX_UNITS}). */
  public static boolean representable(long units) {
    return Math.abs(units) <= MAX_UNITS;
  }
}
