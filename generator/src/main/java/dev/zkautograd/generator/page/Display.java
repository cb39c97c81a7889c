package dev.zkautograd.generator.page;

import java.math.BigDecimal;
import java.util.Locale;

/** How the pages write numbers, sizes and digests: short, locale-independent, the same on every machine. */
public final class Display {
  private Display() {}

  /** A value such as a loss or an error: four significant digits, scientific below 0.001 or from 10^6. */
  public static String number(double v) {
    if (v == 0) return "0";
    if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e6) {
      return new BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", v);
  }

  /** A decimal string from a run (loss, error) as {@link #number}. */
  public static String decimal(String s) {
    return number(Double.parseDouble(s));
  }

  /** A byte count: {@code 812 B}, {@code 4.1 KB}, {@code 2.3 MB} (powers of 1024). */
  public static String bytes(long n) {
    if (n < 1024) return n + " B";
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  /** A duration in milliseconds: {@code 850 ms}, {@code 12.4 s}, {@code 3.2 min}. */
  public static String millis(long ms) {
    if (ms < 1000) return ms + " ms";
    if (ms < 120_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
  }

  /** The first 12 hex digits of a digest, for tables (the full value is on the step page). */
  public static String shortHex(String hex) {
    return hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }

  /** A fixed-point hyper-parameter {@code h / 2^fracBits} as a decimal. */
  public static String fixedPoint(long h, int fracBits) {
    return number(h / Math.pow(2, fracBits));
  }
}
