package dev.zkautograd.zk.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdAir;
import dev.zkautograd.zk.sgd.SgdFixtures;
import dev.zkautograd.zk.sgd.SgdTrace;
import dev.zkautograd.zk.verifier.StepVerifier;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Soundness against a cheating prover: it skips its own witness check and proves a trace that
 * breaks the SGD rule in one parameter, including the "wrap-around" witnesses that satisfy every
 * arithmetic constraint modulo p and are excluded only by the range checks.
 */
class DishonestProverTest {
  static final Set<Reason> REJECTIONS = EnumSet.of(Reason.CONSTRAINT_MISMATCH, Reason.DEEP_MISMATCH,
      Reason.FRI_FOLD_MISMATCH, Reason.FRI_FINAL_MISMATCH, Reason.COMMITMENT_MISMATCH);
  static final VerificationPolicy ANY = VerificationPolicy.insecureAcceptAnyParameters();
  static final int ROW = 37;

  static void assertRejected(StepAir air, Map<String, long[]> trace) throws Exception {
    StarkProver cheat = StarkProver.dishonestlySkippingSelfCheck(ProofParameters.INSECURE_TESTING, SgdFixtures.random(3));
    StepProof p = StarkBackend.prove(air, trace, SgdFixtures.seed(0), SgdFixtures.seed(1), cheat);
    VerificationException e = assertThrows(VerificationException.class,
        () -> StepVerifier.verify(p.proof(), air, p.publicInputs(), ANY));
    assertTrue(REJECTIONS.contains(e.reason()), "unexpected reason " + e.reason());
    // The honest prover refuses the same trace.
    VerificationException refused = assertThrows(VerificationException.class,
        () -> StarkBackend.prove(air, trace, SgdFixtures.seed(0), SgdFixtures.seed(1),
            new StarkProver(ProofParameters.INSECURE_TESTING, SgdFixtures.random(3))));
    assertEquals(Reason.WITNESS_REJECTED, refused.reason());
  }

  @Test
  void oneBadParameterOutOf65536IsRejected() throws Exception {
    int length = 1 << 16;
    StepStatement s = StepStatement.sgd(SgdFixtures.LR, SgdFixtures.CLIP, 4, length, 0, 0, length);
    SgdAir air = SgdAir.of(s);
    Map<String, long[]> trace = SgdTrace.build(air, SgdFixtures.weights(length, 4), SgdFixtures.gradients(length, 4));
    // Parameter 40,000 moves by one unit more than the rule allows; its output limbs are kept consistent.
    int row = 40_000;
    long wNext = value(trace, "w_next", row) + 1;
    set(trace, "w_next", row, wNext);
    setLimbs(trace, "wp", 16, 3, row, Felt.ofLong(wNext + (1L << 47)));
    assertRejected(air, trace);
  }

  /** Runs the cheat on a small trace, first checking it satisfies every non-range constraint of the AIR. */
  static void wrapAround(Consumer<Map<String, long[]>> cheat) throws Exception {
    int length = 64;
    SgdAir air = SgdAir.of(SgdFixtures.statement(length, 1));
    Map<String, long[]> trace = SgdTrace.build(air, SgdFixtures.weights(length, 1), SgdFixtures.gradients(length, 1));
    cheat.accept(trace);
    assertArithmeticHolds(air, trace);
    assertRejected(air, trace);
  }

  @Test
  void remainderPlusTwoToThe32IsRejected() throws Exception {
    wrapAround(t -> {
      // q - 1 and r + 2^32: lr c = (w - w' - 1) 2^32 + (r + 2^32)
      long wNext = value(t, "w_next", ROW) + 1;
      set(t, "w_next", ROW, wNext);
      setLimbs(t, "wp", 8, 6, ROW, Felt.ofLong(wNext + (1L << 47)));
      t.get("r3")[2 * ROW] += 256; // the top limb leaves [0, 256)
    });
  }

  @Test
  void negativeRemainderIsRejected() throws Exception {
    wrapAround(t -> {
      // q + 1 and r - 2^32, which is p - (2^32 - r) in the field
      long wNext = value(t, "w_next", ROW) - 1;
      set(t, "w_next", ROW, wNext);
      setLimbs(t, "wp", 8, 6, ROW, Felt.ofLong(wNext + (1L << 47)));
      Felt.at(t.get("r0"), ROW).sub(Felt.ofLong(1L << 32)).store(t.get("r0"), ROW);
    });
  }

  @Test
  void unclippedGradientAboveTheBoundIsRejected() throws Exception {
    wrapAround(t -> {
      // g = C + 5 treated as not clipped: c = g, so B = C - g = -5 = p - 5.
      long c = SgdFixtures.CLIP + 5;
      long w = value(t, "w", ROW);
      long product = SgdFixtures.LR * c; // < 2^63 for these values
      set(t, "g", ROW, c);
      set(t, "sigma", ROW, 0);
      setLimbs(t, "a", 8, 6, ROW, Felt.ofLong(SgdFixtures.CLIP + c));
      setLimbs(t, "b", 8, 6, ROW, Felt.ZERO);
      Felt.ofLong(SgdFixtures.CLIP - c).store(t.get("b0"), ROW);
      setLimbs(t, "r", 8, 4, ROW, Felt.ofLong(Math.floorMod(product, 1L << 32)));
      long wNext = w - Math.floorDiv(product, 1L << 32);
      set(t, "w_next", ROW, wNext);
      setLimbs(t, "wp", 8, 6, ROW, Felt.ofLong(wNext + (1L << 47)));
    });
  }

  @Test
  void clippedHighWithGradientBelowTheBoundIsRejected() throws Exception {
    wrapAround(t -> {
      // sigma = 1 (c = C) although g = C - 3: A = g - C - 1 = -4 = p - 4.
      long c = SgdFixtures.CLIP;
      long w = value(t, "w", ROW);
      long product = SgdFixtures.LR * c;
      set(t, "g", ROW, c - 3);
      set(t, "sigma", ROW, 1);
      setLimbs(t, "a", 8, 6, ROW, Felt.ZERO);
      Felt.ofLong(-4).store(t.get("a0"), ROW);
      setLimbs(t, "b", 8, 6, ROW, Felt.ZERO);
      setLimbs(t, "r", 8, 4, ROW, Felt.ofLong(Math.floorMod(product, 1L << 32)));
      long wNext = w - Math.floorDiv(product, 1L << 32);
      set(t, "w_next", ROW, wNext);
      setLimbs(t, "wp", 8, 6, ROW, Felt.ofLong(wNext + (1L << 47)));
    });
  }

  @Test
  void outputBelowTheWeightRangeIsRejected() throws Exception {
    wrapAround(t -> {
      // w' = -2^47 - 5: w' + 2^47 = -5 = p - 5 does not fit the limbs. Inputs are moved to match.
      long wNext = -(1L << 47) - 5;
      long q = value(t, "w", ROW) - value(t, "w_next", ROW);
      set(t, "w", ROW, wNext + q);
      set(t, "w_next", ROW, wNext);
      setLimbs(t, "wp", 8, 6, ROW, Felt.ZERO);
      Felt.ofLong(-5).store(t.get("wp0"), ROW);
    });
  }

  // ---- helpers ----

  static long value(Map<String, long[]> t, String col, int row) {
    long[] c = t.get(col);
    Felt f = Felt.at(c, row);
    return f.hi() == 0 && f.lo() >= 0 ? f.lo() : -Felt.ZERO.sub(f).lo();
  }

  static void set(Map<String, long[]> t, String col, int row, long v) {
    Felt.ofLong(v).store(t.get(col), row);
  }

  static void setLimbs(Map<String, long[]> t, String prefix, int bits, int count, int row, Felt value) {
    long v = value.lo();
    for (int k = 0; k < count; k++) {
      long[] col = t.get(prefix + k);
      col[2 * row] = (v >>> (k * bits)) & ((1L << bits) - 1);
      col[2 * row + 1] = 0;
    }
  }

  /** Every constraint the AIR itself declares (not the range check) holds on every row. */
  static void assertArithmeticHolds(Air air, Map<String, long[]> trace) {
    CompiledAir ca = CompiledAir.of(air);
    int n = ca.traceLength();
    long[][] cols = new long[ca.layout().width()][];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = trace.getOrDefault(ca.layout().name(c), new long[2 * n]);
    }
    int own = air.constraints(ca.layout()).size();
    var regs = ca.program().registers(1);
    long[] alpha = {5, 0};
    for (int i = 0; i < n; i++) {
      ca.program().evaluate(cols, ca.periodicOnTrace(), i, i + 1, 1, n - 1, alpha, regs, dev.zkautograd.zk.field.Fp.PORTABLE);
      for (int k = 0; k < own; k++) {
        var c = ca.constraints().get(k);
        boolean applies = switch (c.domain()) {
          case EVERY_ROW -> true;
          case ALL_BUT_LAST -> i < n - 1;
          case ROW -> c.row() == i;
        };
        if (applies) {
          long[] out = regs.output(k);
          int o = regs.outputOffset(k);
          assertTrue(out[2 * o] == 0 && out[2 * o + 1] == 0, "constraint '" + c.name() + "' fails at row " + i);
        }
      }
    }
  }
}
