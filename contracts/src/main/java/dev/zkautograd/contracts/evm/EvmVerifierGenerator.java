package dev.zkautograd.contracts.evm;

import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.ConstraintProgram;
import dev.zkautograd.zk.air.TraceLayout;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import dev.zkautograd.zk.transcript.Transcript;
import dev.zkautograd.zk.verifier.StarkVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits the Solidity of an on-chain verifier of step proofs (docs/evm-verifier.md): the fixed
 * verification routine of {@code StepVerifier.sol.template} (transcript, Merkle multi-openings, DEEP,
 * FRI, the same order and reasons as {@link StarkVerifier}) with this AIR's constants, its proof
 * layout, and its constraint program translated instruction by instruction into straight-line EVM
 * assembly. It refuses parameters below the policy's proven bits: the policy is applied here, once,
 * because the contract accepts exactly one parameter set.
 */
public final class EvmVerifierGenerator {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(45).shiftLeft(40)).add(BigInteger.ONE);

  private EvmVerifierGenerator() {}

  /** The generated contract: its name, its source and what it costs. */
  public record Generated(String contractName, String source, double provenBits, GasEstimate gas) {}

  /**
   * Generates the verifier for {@code params}.
   *
   * @throws IllegalArgumentException if the rule is not supported, the parameters cannot prove the
   *     chunk, or they prove fewer bits than {@code policy} asks
   */
  public static Generated generate(EvmVerifierParams params, VerificationPolicy policy) {
    StepAir air = params.air(0, 0);
    CompiledAir ca = CompiledAir.of(air);
    ProofParameters pp = params.proof();
    ProofShape shape;
    try {
      shape = ProofShape.of(pp, ca);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the proof parameters cannot prove a chunk of " + params.chunkLength() + " parameters: "
          + e.getMessage(), e);
    }
    double bits = SecurityBound.bits(shape, ca);
    if (bits < policy.minimumBits()) {
      throw new IllegalArgumentException(String.format("the proof parameters prove %.2f bits for this chunk, below the policy's %.0f",
          bits, policy.minimumBits()));
    }
    if (!air.periodicColumns().isEmpty()) {
      throw new IllegalArgumentException("AIRs with periodic columns are not translated (none of the step AIRs has any)");
    }
    TraceLayout layout = ca.layout();
    byte[] statement = air.statement();
    int hyper = statement[2] & 0xFF;
    byte[] rule = Arrays.copyOf(statement, 3 + 8 * hyper + 1);
    String name = contractName(params);
    int[] next = ca.nextColumns();
    int k = 1 << pp.foldingLog2();
    int width = layout.width();
    int maxOpening = Math.max(k, shape.pieces() + 1);
    for (int s = 0; s < layout.segments().size(); s++) {
      maxOpening = Math.max(maxOpening, layout.end(s) - layout.start(s));
    }
    int buf = Math.max(41 + Math.max(Math.max(statement.length, 16 * width), 16 * shape.finalCoefficients()), 1 + 32 + 16 * maxOpening);

    Map<String, String> v = new LinkedHashMap<>();
    v.put("NAME", name);
    v.put("DESCRIPTION", describe(params, bits));
    v.put("P", "0x" + P.toString(16));
    v.put("LOG_N", Integer.toString(ca.logTraceLength()));
    v.put("LOG_DOMAIN", Integer.toString(shape.logDomain()));
    v.put("QUERIES", Integer.toString(pp.queries()));
    v.put("GRINDING", Integer.toString(pp.grindingBits()));
    v.put("FOLD", Integer.toString(k));
    v.put("FOLD_LOG", Integer.toString(pp.foldingLog2()));
    v.put("ROUNDS", Integer.toString(shape.friRounds()));
    v.put("FINAL", Integer.toString(shape.finalCoefficients()));
    v.put("WIDTH", Integer.toString(width));
    v.put("NEXT", Integer.toString(next.length));
    v.put("PIECES", Integer.toString(shape.pieces()));
    v.put("PIECE_SIZE", Integer.toString(shape.pieceSize()));
    v.put("SEGMENTS", Integer.toString(layout.segments().size()));
    v.put("CHUNKS", Integer.toString(params.chunks()));
    v.put("CHUNK_LENGTH", Integer.toString(params.chunkLength()));
    v.put("TOTAL", Long.toString(params.parameters()));
    v.put("LIMB_BITS", Integer.toString(air.stepStatement().limbBits()));
    v.put("RULE", HexFormat.of().formatHex(rule));
    v.put("PARAMS", HexFormat.of().formatHex(pp.toBytes()));
    Transcript t = new Transcript(StarkVerifier.DOMAIN_SEPARATOR);
    t.absorb(pp.toBytes());
    v.put("STATE0", HexFormat.of().formatHex(t.state()));
    v.put("STATEMENT_LEN", Integer.toString(statement.length));
    v.put("BUF", Integer.toString(buf));
    v.put("STATE_IN", Integer.toString(layout.segmentIndex(StepAir.STATE_IN)));
    v.put("STATE_OUT", Integer.toString(layout.segmentIndex(StepAir.STATE_OUT)));
    int aux = ca.auxSegment();
    v.put("AUX", Integer.toString(aux >= 0 ? aux : 255));
    v.put("LOGUP_DRAW", aux >= 0
        ? "        r.logupAlpha = _drawFelt(r);\n        _absorb(r, r.base + ROOTS_AT + 32 * " + aux + ", 32);"
        : "");
    v.put("COSET_INV", hex(Felt.COSET_OFFSET.inverse()));
    StringBuilder widths = new StringBuilder();
    for (int s = 0; s < layout.segments().size(); s++) {
      widths.append("        if (i == ").append(s).append(") return ").append(layout.end(s) - layout.start(s)).append(";\n");
    }
    v.put("WIDTHS", widths.toString().stripTrailing());
    Felt omega = Felt.rootOfUnity(ca.logTraceLength());
    v.put("OMEGA_TRACE", hex(omega));
    v.put("OMEGA_LAST", hex(omega.pow(ca.traceLength() - 1)));
    v.put("OMEGA_DOMAIN", hex(Felt.rootOfUnity(shape.logDomain())));
    v.put("SCHEDULE", "        step; // the SGD AIR's constants do not depend on the step");
    program(ca, next, v);
    v.put("NEXT_TERMS", nextTerms(layout, next));
    friConstants(shape, k, v);

    String source = fill(template(), v);
    return new Generated(name, source, bits, GasEstimate.of(params, ca, shape));
  }

  /** A name that says what the contract verifies, for example {@code SgdStepVerifier64x1}. */
  static String contractName(EvmVerifierParams params) {
    String kind = params.optimizer().kind();
    return Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "StepVerifier" + params.chunkLength() + "x" + params.chunks();
  }

  private static String describe(EvmVerifierParams p, double bits) {
    return String.format("%s over %d parameters in %d chunk(s) of %d, proof parameters %s, %.2f proven bits.", p.optimizer().kind(),
        p.parameters(), p.chunks(), p.chunkLength(), p.proof(), bits);
  }

  /** Nesting depth up to which a register used once is written into its one use instead of memory (the EVM stack holds 16 words). */
  private static final int INLINE_DEPTH = 4;

  /**
   * The constraint program as EVM assembly, then the sums per divisor. A register used once is
   * written into its use (up to {@link #INLINE_DEPTH} levels deep), every other one is stored in
   * memory: the same arithmetic as the program, in less bytecode.
   */
  private static void program(CompiledAir ca, int[] next, Map<String, String> v) {
    ConstraintProgram prog = ca.program();
    List<ConstraintProgram.Instruction> ins = prog.instructions();
    int[] uses = new int[ins.size()];
    for (ConstraintProgram.Instruction in : ins) {
      switch (in.kind()) {
        case ADD, SUB, MUL -> {
          uses[in.a()]++;
          uses[in.b()]++;
        }
        case MUL_SMALL -> uses[in.a()]++;
        default -> { }
      }
    }
    for (int k = 0; k < prog.outputs(); k++) uses[prog.outputRegister(k)] += 2; // outputs are read by the sums: keep them in memory
    String[] expr = new String[ins.size()];
    int[] depth = new int[ins.size()];
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ins.size(); i++) {
      ConstraintProgram.Instruction in = ins.get(i);
      String value = switch (in.kind()) {
        case COLUMN -> "shr(128, calldataload(add(ood, " + 16 * in.a() + ")))";
        case NEXT -> "shr(128, calldataload(add(nxt, " + 16 * indexOf(next, in.a()) + ")))";
        case CONSTANT -> hex(prog.constant(in.a()));
        case CHALLENGE -> {
          if (in.a() != 0) throw new IllegalArgumentException("only the LogUp challenge is translated");
          yield "logupAlpha";
        }
        case ADD -> "addmod(" + use(expr, in.a()) + ", " + use(expr, in.b()) + ", p)";
        case SUB -> "addmod(" + use(expr, in.a()) + ", sub(p, " + use(expr, in.b()) + "), p)";
        case MUL -> "mulmod(" + use(expr, in.a()) + ", " + use(expr, in.b()) + ", p)";
        case MUL_SMALL -> "mulmod(" + use(expr, in.a()) + ", " + hex(prog.constant(in.b())) + ", p)";
        case PERIODIC -> throw new IllegalArgumentException("periodic columns are not translated");
      };
      depth[i] = switch (in.kind()) {
        case ADD, SUB, MUL -> 1 + Math.max(depthOf(expr, depth, in.a()), depthOf(expr, depth, in.b()));
        case MUL_SMALL -> 1 + depthOf(expr, depth, in.a());
        default -> 0;
      };
      if (uses[i] == 1 && depth[i] < INLINE_DEPTH) {
        expr[i] = value;
      } else {
        b.append("            mstore(add(regs, ").append(32 * i).append("), ").append(value).append(")\n");
        depth[i] = 0;
      }
    }
    List<Constraint> cs = ca.constraints();
    int[] rows = ca.boundaryRows();
    for (int kk = 0; kk < cs.size(); kk++) {
      Constraint c = cs.get(kk);
      int acc = switch (c.domain()) {
        case EVERY_ROW -> 0;
        case ALL_BUT_LAST -> 1;
        case ROW -> 2 + indexOf(rows, c.row());
      };
      String slot = "add(a, " + 32 * acc + ")";
      b.append("            mstore(").append(slot).append(", addmod(mload(").append(slot).append("), mulmod(c, ")
          .append(reg(prog.outputRegister(kk))).append(", p), p)) // ").append(c.name().replace('\n', ' ')).append('\n');
      if (kk + 1 < cs.size()) b.append("            c := mulmod(c, alpha, p)\n");
    }
    v.put("PROGRAM", b.toString().stripTrailing());
    v.put("REGISTERS", Integer.toString(Math.max(1, ins.size())));
    v.put("ACCUMULATORS", Integer.toString(2 + rows.length));
    Felt omega = Felt.rootOfUnity(ca.logTraceLength());
    StringBuilder r = new StringBuilder();
    for (int j = 0; j < rows.length; j++) {
      r.append("        sum = addmod(sum, mulmod(acc[").append(2 + j).append("], _inv(addmod(z, P - ").append(hex(omega.pow(rows[j])))
          .append(", P)), P), P); // row ").append(rows[j]).append('\n');
    }
    v.put("ROWS", r.toString().stripTrailing());
  }

  private static String nextTerms(TraceLayout layout, int[] next) {
    StringBuilder b = new StringBuilder();
    for (int j = 0; j < next.length; j++) {
      int col = next[j];
      int seg = 0;
      while (layout.end(seg) <= col) seg++;
      int off = col - layout.start(seg);
      b.append("        {\n")
          .append("            Opening memory o = r.open[").append(seg).append("];\n")
          .append("            b = addmod(b, mulmod(g[WIDTH + ").append(j).append("], addmod(_felt(o.off + qi * o.stride + ").append(36 + 16 * off)
          .append("), P - _felt(r.base + OOD_NEXT_AT + ").append(16 * j).append("), P), P), P);\n")
          .append("        }\n");
    }
    if (next.length == 0) b.append("        b = 0; // this AIR reads no column at the next row\n");
    return b.toString().stripTrailing();
  }

  /** Per-layer coset constants, the final layer's point and the folding routine's inverse DFT. */
  private static void friConstants(ProofShape shape, int k, Map<String, String> v) {
    StringBuilder layers = new StringBuilder();
    Felt offset = Felt.COSET_OFFSET;
    int logSize = shape.logDomain();
    int logK = Integer.numberOfTrailingZeros(k);
    for (int i = 0; i < shape.friRounds(); i++) {
      layers.append("        if (layer == ").append(i).append(") return (").append(hex(offset.inverse())).append(", ")
          .append(hex(Felt.rootOfUnity(logSize).inverse())).append(");\n");
      offset = offset.pow(k);
      logSize -= logK;
    }
    v.put("LAYERS", layers.toString().stripTrailing());
    v.put("FINAL_OFFSET", hex(offset));
    v.put("FINAL_OMEGA", hex(Felt.rootOfUnity(logSize)));
    Felt zetaInv = Felt.rootOfUnity(logK).inverse();
    StringBuilder f = new StringBuilder();
    f.append("        uint256[").append(k).append("] memory v;\n");
    f.append("        for (uint256 j = 0; j < ").append(k).append("; j++) v[j] = _felt(valuesAt + 16 * j);\n");
    f.append("        uint256 acc = 0;\n");
    f.append("        uint256 d;\n");
    for (int m = k - 1; m >= 0; m--) {
      f.append("        d = v[0];\n");
      for (int j = 1; j < k; j++) {
        Felt c = zetaInv.pow((long) j * m);
        f.append("        d = addmod(d, ").append(c.equals(Felt.ONE) ? "v[" + j + "]" : "mulmod(v[" + j + "], " + hex(c) + ", P)")
            .append(", P);\n");
      }
      f.append("        acc = addmod(mulmod(acc, t, P), d, P);\n");
    }
    f.append("        return mulmod(acc, ").append(hex(Felt.ofLong(k).inverse())).append(", P);");
    v.put("FOLD_BODY", f.toString());
  }

  private static int indexOf(int[] a, int x) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == x) return i;
    }
    throw new IllegalStateException("no " + x + " in " + Arrays.toString(a));
  }

  private static String reg(int i) {
    return "mload(add(regs, " + 32 * i + "))";
  }

  /** The operand for register i: its expression if it is written into its one use, else its memory slot. */
  private static String use(String[] expr, int i) {
    return expr[i] != null ? expr[i] : reg(i);
  }

  private static int depthOf(String[] expr, int[] depth, int i) {
    return expr[i] != null ? depth[i] : 0;
  }

  static String hex(Felt f) {
    return "0x" + new BigInteger(1, f.toBytes()).toString(16);
  }

  private static String template() {
    try (InputStream in = EvmVerifierGenerator.class.getResourceAsStream("/dev/zkautograd/contracts/evm/StepVerifier.sol.template")) {
      if (in == null) throw new IllegalStateException("StepVerifier.sol.template missing from the build");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() * 2);
    int at = 0;
    while (true) {
      int open = template.indexOf("@@", at);
      if (open < 0) break;
      int close = template.indexOf("@@", open + 2);
      String key = template.substring(open + 2, close);
      String value = values.get(key);
      if (value == null) throw new IllegalStateException("template placeholder without a value: " + key);
      out.append(template, at, open).append(value);
      at = close + 2;
    }
    out.append(template.substring(at));
    return out.toString();
  }
}
