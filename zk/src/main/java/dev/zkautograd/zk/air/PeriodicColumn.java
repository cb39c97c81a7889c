package dev.zkautograd.zk.air;

/**
 * A public column whose values repeat with period P (a power of two dividing the trace length):
 * row i holds values[i mod P]. Not committed: the prover extends it over the LDE domain and the
 * verifier evaluates it at the out-of-domain point.
 *
 * @param name column name
 * @param values the P values as a field vector (element k at [2k], [2k+1])
 */
public record PeriodicColumn(String name, long[] values) {
  public PeriodicColumn {
    int p = values.length / 2;
    if (p < 1 || Integer.bitCount(p) != 1 || values.length % 2 != 0) {
      throw new IllegalArgumentException("period of " + name + " must be a power of two");
    }
    values = values.clone();
  }

  /** The period P. */
  public int period() {
    return values.length / 2;
  }

  @Override
  public long[] values() {
    return values.clone();
  }
}
