package dev.zkautograd.core.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a double the way ECMAScript's {@code Number.prototype.toString} does (ECMA-262 §7.1.12.1),
 * which is how RFC 8785 §3.2.2.3 serialises numbers.
 *
 * <p>The shortest round-tripping digits are found with exact {@link BigDecimal} arithmetic against
 * the double's rounding interval, not with {@code Double.toString} (whose digits are not always the
 * shortest before Java 19) and not with {@code Double.parseDouble} (whose browser build need not be
 * correctly rounded). Integers, the only numbers our formats carry, take a fast path.
 */
final class EcmaNumber {
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private EcmaNumber() {}

  static String toString(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d);
    }
    if (d == 0) {
      return "0"; // also -0 (ECMA-262: ToString(-0) is "0")
    }
    if (d < 0) {
      return "-" + toString(-d);
    }
    if (d <= JsonNumber.MAX_SAFE_INTEGER && d == Math.rint(d)) {
      return Long.toString((long) d);
    }
    BigDecimal shortest = shortestDigits(d).stripTrailingZeros();
    String s = shortest.unscaledValue().toString();
    int k = s.length();
    int n = k - shortest.scale(); // value = 0.s × 10^n
    StringBuilder out = new StringBuilder(k + 8);
    if (k <= n && n <= 21) {
      out.append(s);
      for (int i = k; i < n; i++) out.append('0');
    } else if (0 < n && n <= 21) {
      out.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (int i = n; i < 0; i++) out.append('0');
      out.append(s);
    } else {
      out.append(s.charAt(0));
      if (k > 1) out.append('.').append(s, 1, k);
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code d} (d > 0, finite);
   * among two such of equal length, the one closer to d, and on a tie the even one.
   */
  private static BigDecimal shortestDigits(double d) {
    BigDecimal exact = new BigDecimal(d);
    BigDecimal below = new BigDecimal(Math.nextDown(d));
    double up = Math.nextUp(d);
    BigDecimal above = Double.isInfinite(up) ? exact.add(exact.subtract(below)) : new BigDecimal(up);
    BigDecimal low = exact.add(below).divide(TWO);
    BigDecimal high = exact.add(above).divide(TWO);
    // Round-half-even reading: a decimal exactly on the boundary reads as d only if d's significand is even.
    boolean boundsInclusive = (Double.doubleToRawLongBits(d) & 1) == 0;
    for (int p = 1; p <= 17; p++) {
      BigDecimal floor = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal ceiling = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean floorOk = within(floor, low, high, boundsInclusive);
      boolean ceilingOk = within(ceiling, low, high, boundsInclusive);
      if (floorOk && ceilingOk) {
        int c = exact.subtract(floor).compareTo(ceiling.subtract(exact));
        if (c != 0) return c < 0 ? floor : ceiling;
        return lastDigitEven(floor) ? floor : ceiling;
      }
      if (floorOk) return floor;
      if (ceilingOk) return ceiling;
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)); // unreachable: 17 digits always suffice
  }

  private static boolean within(BigDecimal x, BigDecimal low, BigDecimal high, boolean inclusive) {
    int a = x.compareTo(low);
    int b = x.compareTo(high);
    return inclusive ? a >= 0 && b <= 0 : a > 0 && b < 0;
  }

  private static boolean lastDigitEven(BigDecimal x) {
    return !x.unscaledValue().testBit(0); // a decimal integer is even exactly when its last digit is
  }
}
