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
  /** Multiplication by a constant below 2^64: arg1 is the constant's index. */
  private static final byte MUL_SMALL = 8;

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

  /** Number of registers the program computes. */
  public int registers() {
    return op.length;
  }

  /** Number of outputs. */
  public int outputs() {
    return outputs.length;
  }

  /**
   * Register space for blocks of up to {@code block} points, for one evaluating thread at a time.
   * The prover evaluates blocks of points so that each operation of the program runs as a tight
   * loop over the block: interpreting one point at a time cost about four times the field
   * arithmetic itself (docs/benchmarks.md).
   */
  public Registers registers(int block) {
    return new Registers(this, block);
  }

  /**
   * Evaluates every output at {@code len} consecutive points. At point j, column k is read from
   * {@code columns[k]} at element index {@code (cur + j) & mask} (current row) or {@code (nxt + j) &
   * mask} (next row); periodic column k from {@code periodic[k]} at element index {@code (cur + j)
   * mod its length} (a power of two); challenge i from {@code challenges[i]}. Output k at point j is
   * then {@code regs.output(k)[regs.outputOffset(k) + j]} (element index).
   *
   * @param mask one less than a power of two that the indices wrap at, or -1 for no wrapping
   */
  public void evaluate(long[][] columns, long[][] periodic, int cur, int nxt, int len, int mask, long[] challenges,
      Registers regs, FieldOps ops) {
    if (len > regs.block) {
      throw new IllegalArgumentException("block of " + len + " points exceeds the registers' " + regs.block);
    }
    long[][] arr = regs.arr;
    int[] off = regs.off;
    long[][] own = regs.own;
    for (int i = 0; i < op.length; i++) {
      int x = arg0[i];
      int y = arg1[i];
      switch (op[i]) {
        case COL:
          regs.alias(i, columns[x], cur, len, mask);
          break;
        case NEXT:
          regs.alias(i, columns[x], nxt, len, mask);
          break;
        case CONST:
        case CHAL:
          regs.broadcast(i, op[i] == CONST ? constants : challenges, x);
          break;
        case PERIODIC: {
          long[] pv = periodic[x];
          regs.alias(i, pv, cur & ((pv.length >> 1) - 1), len, (pv.length >> 1) - 1);
          break;
        }
        case ADD: {
          long[] a = arr[x];
          long[] b = arr[y];
          long[] d = own[i];
          int ao = off[x];
          int bo = off[y];
          for (int j = 0; j < len; j++) {
            Fp.add(a, ao + j, b, bo + j, d, j);
          }
          arr[i] = d;
          off[i] = 0;
          break;
        }
        case SUB: {
          long[] a = arr[x];
          long[] b = arr[y];
          long[] d = own[i];
          int ao = off[x];
          int bo = off[y];
          for (int j = 0; j < len; j++) {
            Fp.sub(a, ao + j, b, bo + j, d, j);
          }
          arr[i] = d;
          off[i] = 0;
          break;
        }
        case MUL_SMALL: {
          long[] a = arr[x];
          long c = constants[2 * y];
          long[] d = own[i];
          int ao = off[x];
          for (int j = 0; j < len; j++) {
            ops.mulSmall(a, ao + j, c, d, j);
          }
          arr[i] = d;
          off[i] = 0;
          break;
        }
        default: {
          long[] a = arr[x];
          long[] b = arr[y];
          long[] d = own[i];
          int ao = off[x];
          int bo = off[y];
          for (int j = 0; j < len; j++) {
            ops.mul(a, ao + j, b, bo + j, d, j);
          }
          arr[i] = d;
          off[i] = 0;
          break;
        }
      }
    }
  }

  /** The registers of one evaluating thread; see {@link #registers(int)}. */
  public static final class Registers {
    private final ConstraintProgram program;
    private final int block;
    private final long[][] own; // the register's own values, for registers the program computes or copies
    private final long[][] arr; // where register i's values are: arr[i] from element off[i]
    private final int[] off;

    private Registers(ConstraintProgram program, int block) {
      if (block < 1) {
        throw new IllegalArgumentException("block must be at least 1");
      }
      this.program = program;
      this.block = block;
      int r = program.op.length;
      this.own = new long[r][];
      this.arr = new long[r][];
      this.off = new int[r];
      for (int i = 0; i < r; i++) {
        own[i] = new long[2 * block];
      }
    }

    /** The array holding output k; element {@link #outputOffset(int)} + j is its value at point j. */
    public long[] output(int k) {
      return arr[program.outputs[k]];
    }

    /** The element offset of output k's first point in {@link #output(int)}. */
    public int outputOffset(int k) {
      return off[program.outputs[k]];
    }

    /** Register i reads src from element {@code from} on; copied only where the block wraps at mask. */
    private void alias(int i, long[] src, int from, int len, int mask) {
      int first = from & mask;
      if (mask == -1 || first + len - 1 <= mask) {
        arr[i] = src;
        off[i] = first;
        return;
      }
      long[] d = own[i];
      for (int j = 0; j < len; j++) {
        int at = (first + j) & mask;
        d[2 * j] = src[2 * at];
        d[2 * j + 1] = src[2 * at + 1];
      }
      arr[i] = d;
      off[i] = 0;
    }

    /**
     * Register i holds element x of src at every point of the block. Only this routine writes a
     * constant's or challenge's own buffer, and always the whole block, so a buffer that already
     * starts with the value holds it everywhere.
     */
    private void broadcast(int i, long[] src, int x) {
      long[] d = own[i];
      long lo = src[2 * x];
      long hi = src[2 * x + 1];
      if (arr[i] == d && d[0] == lo && d[1] == hi) {
        return;
      }
      for (int j = 0; j < block; j++) {
        d[2 * j] = lo;
        d[2 * j + 1] = hi;
      }
      arr[i] = d;
      off[i] = 0;
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
        if (bin.op() == Expr.Op.MUL && (small(bin.a()) || small(bin.b()))) {
          Expr.Constant c = (Expr.Constant) (small(bin.b()) ? bin.b() : bin.a());
          int x = node(small(bin.b()) ? bin.a() : bin.b());
          consts.add(c.value());
          id = emit(MUL_SMALL, x, consts.size() - 1);
        } else {
          int x = node(bin.a());
          int y = node(bin.b());
          byte code = bin.op() == Expr.Op.ADD ? ADD : bin.op() == Expr.Op.SUB ? SUB : MUL;
          id = emit(code, x, y);
        }
      }
      seen.put(e, id);
      return id;
    }

    static boolean small(Expr e) {
      return e instanceof Expr.Constant c && c.value().hi() == 0;
    }

    int emit(byte code, int x, int y) {
      ops.add(code);
      a.add(x);
      b.add(y);
      return ops.size() - 1;
    }
  }
}
