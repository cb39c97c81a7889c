package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.air.LogUpGadget;
import dev.zkautograd.zk.air.RangeCheckSpec;
import dev.zkautograd.zk.air.TraceLayout;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;
import java.util.stream.IntStream;

/** Fills the columns of the LogUp gadget ({@link LogUpGadget}): the prover's half of the range check. */
final class LogUpWitness {
  private LogUpWitness() {}

  /**
   * The table t (0, 1, ..., 2^bits - 1, then repeated last value) and the multiplicity of each table
   * value among the limbs. Limbs outside the table are left uncounted; the self-check then fails.
   */
  static void fillTable(long[][] trace, TraceLayout layout, RangeCheckSpec spec, int n) {
    int size = 1 << spec.bits();
    long[] t = trace[layout.indexOf(LogUpGadget.TABLE)];
    long[] m = trace[layout.indexOf(LogUpGadget.MULTIPLICITY)];
    long[] counts = new long[size];
    for (String l : spec.limbColumns()) {
      long[] col = trace[layout.indexOf(l)];
      for (int i = 0; i < n; i++) {
        if (col[2 * i + 1] == 0 && col[2 * i] >= 0 && col[2 * i] < size) {
          counts[(int) col[2 * i]]++;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      t[2 * i] = Math.min(i, size - 1);
      t[2 * i + 1] = 0;
      m[2 * i] = i < size ? counts[i] : 0;
      m[2 * i + 1] = 0;
    }
  }

  /** The helper and running-sum columns for challenge alpha. */
  static void fillAux(long[][] trace, TraceLayout layout, RangeCheckSpec spec, Felt alpha, int n) {
    int limbs = spec.limbColumns().size();
    long[][] values = new long[limbs + 1][]; // each fraction's value per row
    long[] a = {alpha.lo(), alpha.hi()};
    IntStream.rangeClosed(0, limbs).parallel().forEach(k -> {
      String col = k < limbs ? spec.limbColumns().get(k) : LogUpGadget.TABLE;
      long[] v = trace[layout.indexOf(col)];
      long[] d = new long[2 * n];
      for (int i = 0; i < n; i++) {
        Fp.sub(a, 0, v, i, d, i);
      }
      Fp.batchInvert(d, 0, n, FastField.OPS);
      if (k == limbs) { // -m / (alpha - t)
        long[] mult = trace[layout.indexOf(LogUpGadget.MULTIPLICITY)];
        long[] zero = new long[2];
        for (int i = 0; i < n; i++) {
          FastField.mul(d, i, mult, i, d, i);
          Fp.sub(zero, 0, d, i, d, i);
        }
      }
      values[k] = d;
    });
    int helpers = LogUpGadget.helperCount(spec);
    long[][] h = new long[helpers][];
    for (int k = 0; k < helpers; k++) {
      h[k] = trace[layout.indexOf(LogUpGadget.HELPER + k)];
    }
    IntStream.range(0, helpers).parallel().forEach(k -> {
      for (int i = 0; i < n; i++) {
        Fp.add(values[2 * k], i, values[2 * k + 1], i, h[k], i);
      }
    });
    long[] sum = trace[layout.indexOf(LogUpGadget.SUM)];
    long[] acc = new long[2];
    for (int i = 0; i < n; i++) {
      sum[2 * i] = acc[0];
      sum[2 * i + 1] = acc[1];
      for (int k = 0; k < helpers; k++) {
        Fp.add(acc, 0, h[k], i, acc, 0);
      }
      for (int k = 2 * helpers; k < values.length; k++) {
        Fp.add(acc, 0, values[k], i, acc, 0);
      }
    }
  }
}
