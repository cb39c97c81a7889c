package dev.zkautograd.zk.air;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.FieldOps;
import dev.zkautograd.zk.field.Fp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Constraints compiled to straight-line code over registers, with common sub-expressions shared.
 * The prover runs it at every point of the evaluation domain and the verifier once at the
 * out-of-domain point: one evaluator for both.
 */
public final class ConstraintProgram {
  private static final byte COL = 0;
  private static final byte NEXT = 1;
  private static final byte CONST = 2;
  private static final byte CHAL = 3;
  private static final byte ADD = 4;
  private static final byte SUB = 5;
  private static final byte MUL = 6;
  private static final byte PERIODIC = 7;

  private final byte[] op;
  private final int[] arg0;
  private final int[] arg1;
  private final long[] constants;
  private final int[] outputs;

  private ConstraintProgram(byte[] op, int[] a, int[] b, long[] constants, int[] outputs) {
    this.op = op;
    this.arg0 = a;
    this.arg1 = b;
    this.constants = constants;
    this.outputs = outputs;
  }

  /** Compiles the expressions; output k is expression k. */
  public static ConstraintProgram compile(List<Expr> exprs) {
    Builder b = new Builder();
    int[] outs = new int[exprs.size()];
    for (int k = 0; k < outs.length; k++) {
      outs[k] = b.node(exprs.get(k));
    }
    byte[] op = new byte[b.ops.size()];
    int[] a = new int[op.length];
    int[] c = new int[op.length];
    for (int i = 0; i < op.length; i++) {
      op[i] = b.ops.get(i);
      a[i] = b.a.get(i);
      c[i] = b.b.get(i);
    }
    long[] consts = new long[2 * b.consts.size()];
    for (int i = 0; i < b.consts.size(); i++) {
      b.consts.get(i).store(consts, i);
    }
    return new ConstraintProgram(op, a, c, consts, outs);
  }

  /** Number of registers (two longs each) {@link #evaluate} needs. */
  public int registers() {
    return op.length;
  }

  /** Number of outputs. */
  public int outputs() {
    return outputs.length;
  }

  /**
   * Evaluates every output. Column k is read from {@code columns[k]} at element index {@code cur}
   * (current row) or {@code nxt} (next row); periodic column k from {@code periodic[k]} at element
   * index {@code cur mod its length} (a power of two); challenge i from {@code challenges[i]}.
   *
   * @param regs scratch of at least 2 * registers() longs
   * @param out receives output k at element index k
   */
  public void evaluate(long[][] columns, long[][] periodic, int cur, int nxt, long[] challenges, long[] regs, long[] out,
      FieldOps ops) {
    for (int i = 0; i < op.length; i++) {
      int x = arg0[i];
      int y = arg1[i];
      switch (op[i]) {
        case COL:
          regs[2 * i] = columns[x][2 * cur];
          regs[2 * i + 1] = columns[x][2 * cur + 1];
          break;
        case NEXT:
          regs[2 * i] = columns[x][2 * nxt];
          regs[2 * i + 1] = columns[x][2 * nxt + 1];
          break;
        case CONST:
          regs[2 * i] = constants[2 * x];
          regs[2 * i + 1] = constants[2 * x + 1];
          break;
        case CHAL:
          regs[2 * i] = challenges[2 * x];
          regs[2 * i + 1] = challenges[2 * x + 1];
          break;
        case PERIODIC: {
          long[] pv = periodic[x];
          int at = cur & ((pv.length >> 1) - 1);
          regs[2 * i] = pv[2 * at];
          regs[2 * i + 1] = pv[2 * at + 1];
          break;
        }
        case ADD:
          Fp.add(regs, x, regs, y, regs, i);
          break;
        case SUB:
          Fp.sub(regs, x, regs, y, regs, i);
          break;
        default:
          ops.mul(regs, x, regs, y, regs, i);
          break;
      }
    }
    for (int k = 0; k < outputs.length; k++) {
      out[2 * k] = regs[2 * outputs[k]];
      out[2 * k + 1] = regs[2 * outputs[k] + 1];
    }
  }

  private static final class Builder {
    final List<Byte> ops = new ArrayList<>();
    final List<Integer> a = new ArrayList<>();
    final List<Integer> b = new ArrayList<>();
    final List<Felt> consts = new ArrayList<>();
    final Map<Expr, Integer> seen = new HashMap<>();

    int node(Expr e) {
      Integer known = seen.get(e);
      if (known != null) {
        return known;
      }
      int id;
      if (e instanceof Expr.Column col) {
        id = emit(col.next() ? NEXT : COL, col.index(), 0);
      } else if (e instanceof Expr.Constant c) {
        consts.add(c.value());
        id = emit(CONST, consts.size() - 1, 0);
      } else if (e instanceof Expr.Periodic per) {
        id = emit(PERIODIC, per.index(), 0);
      } else if (e instanceof Expr.Challenge ch) {
        id = emit(CHAL, ch.index(), 0);
      } else {
        Expr.Binary bin = (Expr.Binary) e;
        int x = node(bin.a());
        int y = node(bin.b());
        byte code = bin.op() == Expr.Op.ADD ? ADD : bin.op() == Expr.Op.SUB ? SUB : MUL;
        id = emit(code, x, y);
      }
      seen.put(e, id);
      return id;
    }

    int emit(byte code, int x, int y) {
      ops.add(code);
      a.add(x);
      b.add(y);
      return ops.size() - 1;
    }
  }
}
