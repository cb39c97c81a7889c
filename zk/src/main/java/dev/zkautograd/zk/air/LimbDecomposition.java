package dev.zkautograd.zk.air;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A non-negative integer held as limbs that the LogUp gadget range-checks: value = Σ limb_k ·
 * 2^(limbBits·k) with every limb in [0, 2^limbBits), so the value is an integer in [0,
 * 2^(limbBits·count)) and can never stand for a negative number modulo p.
 *
 * @param prefix column-name prefix; limb k is the column {@code prefix + k}
 * @param bits width of the largest value it must hold (the limbs may cover a few bits more)
 * @param limbBits width of one limb (8 or 16)
 */
public record LimbDecomposition(String prefix, int bits, int limbBits) {
  public LimbDecomposition {
    if (bits < 1 || bits > 64 || (bits + limbBits - 1) / limbBits * limbBits > 64 || limbBits < 1 || limbBits > 16) {
      throw new IllegalArgumentException("limbs of " + bits + " bits in " + limbBits + "-bit limbs");
    }
  }

  /** Number of limb columns. */
  public int count() {
    return (bits + limbBits - 1) / limbBits;
  }

  /** The limb column names, least significant first. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      out.add(prefix + i);
    }
    return out;
  }

  /** The value as an expression in its limbs (degree 1). */
  public Expr value(Air.Columns c) {
    List<Expr> terms = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      terms.add(c.get(prefix + i).times(1L << (i * limbBits)));
    }
    return Expr.sum(terms);
  }

  /** Adds zeroed limb columns for n rows. */
  public void allocate(Map<String, long[]> columns, int n) {
    for (String name : names()) {
      columns.put(name, new long[2 * n]);
    }
  }

  /** Writes {@code value}, read as an unsigned 64-bit integer, into the limbs of row {@code row}. */
  public void store(Map<String, long[]> columns, int row, long value) {
    long mask = (1L << limbBits) - 1;
    for (int k = 0; k < count(); k++) {
      int shift = k * limbBits;
      columns.get(prefix + k)[2 * row] = shift >= 64 ? 0 : (value >>> shift) & mask;
    }
  }
}
