package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.Expr;
import dev.zkautograd.zk.air.PeriodicColumn;
import dev.zkautograd.zk.air.RangeCheckSpec;
import dev.zkautograd.zk.air.SegmentSpec;
import dev.zkautograd.zk.field.Felt;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny AIR for the engine's own tests: a Fibonacci sequence (a' = b, b' = a + b) modulo p from
 * (1, 1), the last b public, plus an 8-bit range-checked column "limb" that must equal a mod 256.
 */
final class FibonacciAir implements Air {
  private final int n;
  private final Felt result;

  FibonacciAir(int n, Felt result) {
    this.n = n;
    this.result = result;
  }

  static Map<String, long[]> trace(int n) {
    long[] a = new long[2 * n];
    long[] b = new long[2 * n];
    long[] limb = new long[2 * n];
    long[] high = new long[2 * n];
    Felt x = Felt.ONE;
    Felt y = Felt.ONE;
    for (int i = 0; i < n; i++) {
      x.store(a, i);
      y.store(b, i);
      limb[2 * i] = i % 256;
      Felt.ofLong(i / 256).store(high, i);
      Felt s = x.add(y);
      x = y;
      y = s;
    }
    long[] alt = new long[2 * n];
    for (int i = 0; i < n; i += 4) {
      alt[2 * i] = 3;
      alt[2 * (i + 1)] = 5;
    }
    return Map.of("a", a, "b", b, "limb", limb, "high", high, "alt", alt);
  }

  static Felt result(int n) {
    long[] b = trace(n).get("b");
    return Felt.at(b, n - 1);
  }

  @Override
  public String name() {
    return "fibonacci";
  }

  @Override
  public int traceLength() {
    return n;
  }

  @Override
  public List<SegmentSpec> segments() {
    return List.of(new SegmentSpec("fib", SegmentSpec.Kind.WITNESS, List.of("a", "b", "limb", "high", "alt")));
  }

  @Override
  public List<Constraint> constraints(Columns c) {
    Expr.Column a = c.get("a");
    Expr.Column b = c.get("b");
    Expr row = c.get("high").times(256).plus(c.get("limb"));
    return List.of(
        Constraint.transition("a' = b", a.nextRow().minus(b)),
        Constraint.transition("b' = a + b", b.nextRow().minus(a).minus(b)),
        Constraint.transition("row counter steps", row.nextRow().minus(row).minus(1)),
        Constraint.atRow("a(0) = 1", 0, a.minus(1)),
        Constraint.atRow("b(0) = 1", 0, b.minus(1)),
        Constraint.atRow("counter(0) = 0", 0, row),
        Constraint.atRow("result", n - 1, b.minus(Expr.constant(result))),
        Constraint.everyRow("alt follows the periodic pattern 3, 5, 0, 0", c.get("alt").minus(c.periodic("pattern"))));
  }

  @Override
  public byte[] statement() {
    byte[] s = new byte[20];
    s[0] = (byte) (n >>> 24);
    s[1] = (byte) (n >>> 16);
    s[2] = (byte) (n >>> 8);
    s[3] = (byte) n;
    result.writeTo(s, 4);
    return s;
  }

  @Override
  public List<PeriodicColumn> periodicColumns() {
    return List.of(new PeriodicColumn("pattern", new long[] {3, 0, 5, 0, 0, 0, 0, 0}));
  }

  @Override
  public Optional<RangeCheckSpec> rangeCheck() {
    return Optional.of(new RangeCheckSpec("fib", List.of("limb"), 8));
  }
}
