package dev.zkautograd.zk.verifier;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.ConstraintProgram;
import dev.zkautograd.zk.air.TraceLayout;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;
import dev.zkautograd.zk.fri.FriFolding;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.merkle.MerkleVerifier;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import dev.zkautograd.zk.poly.Ntt;
import dev.zkautograd.zk.poly.Polynomials;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.transcript.Transcript;
import java.util.Arrays;
import java.util.List;

/**
 * The STARK verifier, generic over {@link Air}. Single-threaded, no reflection, BouncyCastle
 * hashing and portable field arithmetic: the same code runs on the JVM and, compiled by TeaVM, in
 * the browser. It depends on nothing in the prover.
 */
public final class StarkVerifier {
  /** The transcript's domain separator (format version 1). */
  public static final String DOMAIN_SEPARATOR = "zk-autograd/stark/v1";

  private StarkVerifier() {}

  /**
   * Verifies {@code proof} for {@code air} (built by the caller from the public inputs it expects).
   *
   * @throws VerificationException with the reason of the first failed check
   */
  public static void verify(StarkProof proof, Air air, VerificationPolicy policy) throws VerificationException {
    CompiledAir ca = CompiledAir.of(air);
    if (!Arrays.equals(proof.statement(), air.statement())) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "the proof is for a different statement");
    }
    ProofShape shape;
    try {
      shape = ProofShape.of(proof.params(), ca);
    } catch (IllegalArgumentException e) {
      throw VerificationException.of(Reason.WEAK_PARAMETERS, "parameters cannot prove this trace", "feasible parameters",
          proof.params());
    }
    double bits = SecurityBound.bits(shape, ca);
    if (bits < policy.minimumBits()) {
      throw VerificationException.of(Reason.WEAK_PARAMETERS, "proven security below policy (" + proof.params() + ")",
          ">= " + policy.minimumBits() + " bits", bits + " bits");
    }
    TraceLayout layout = ca.layout();
    int segCount = layout.segments().size();
    int[] next = ca.nextColumns();
    int k = shape.pieces();
    expectSize("segment roots", segCount, proof.segmentRoots().size());
    expectSize("FRI layers", shape.friRounds(), proof.friRoots().size());
    expectSize("OOD trace values", layout.width(), proof.oodTrace().size());
    expectSize("OOD next-row values", next.length, proof.oodNext().size());
    expectSize("OOD composition values", k, proof.oodComposition().size());
    expectSize("final polynomial", shape.finalCoefficients(), proof.finalPolynomial().size());

    // Replay the transcript.
    Transcript t = new Transcript(DOMAIN_SEPARATOR);
    t.absorb(proof.params().toBytes());
    t.absorb(proof.statement());
    int aux = ca.auxSegment();
    for (int s = 0; s < segCount; s++) {
      if (s != aux) {
        t.absorb(proof.segmentRoots().get(s));
      }
    }
    long[] challenges = new long[2 * ca.challengeCount()];
    if (aux >= 0) {
      t.drawFelt().store(challenges, 0);
      t.absorb(proof.segmentRoots().get(aux));
    }
    Felt alpha = t.drawFelt();
    t.absorb(proof.compositionRoot());
    Felt z = drawOutOfDomain(t, ca.logTraceLength(), shape.logDomain());
    t.absorb(proof.oodTrace().toArray(new Felt[0]));
    t.absorb(proof.oodNext().toArray(new Felt[0]));
    t.absorb(proof.oodComposition().toArray(new Felt[0]));
    Felt gamma = t.drawFelt();
    Felt[] betas = new Felt[shape.friRounds()];
    for (int i = 0; i < betas.length; i++) {
      t.absorb(proof.friRoots().get(i));
      betas[i] = t.drawFelt();
    }
    t.absorb(proof.finalPolynomial().toArray(new Felt[0]));
    int pow = Transcript.powLeadingZeros(t.state(), proof.powNonce());
    if (pow < proof.params().grindingBits()) {
      throw VerificationException.of(Reason.PROOF_OF_WORK_INVALID, "proof-of-work nonce too weak",
          proof.params().grindingBits() + " leading zero bits", pow);
    }
    byte[] nonce = new byte[8];
    Transcript.putLong(nonce, 0, proof.powNonce());
    t.absorb(nonce);
    int[] queries = drawQueries(t, proof.params().queries(), shape.logDomain());

    checkConstraintsAtZ(ca, shape, proof, challenges, alpha, z);

    // Openings of the trace segments and the composition tree at the queries.
    for (int s = 0; s < segCount; s++) {
      BatchOpening o = proof.segmentOpenings().get(s);
      checkOpeningShape(layout.segments().get(s).name(), o, queries, layout.end(s) - layout.start(s));
      MerkleVerifier.verify(layout.segments().get(s).name(), proof.segmentRoots().get(s), shape.logDomain(), o);
    }
    checkOpeningShape("composition", proof.compositionOpening(), queries, k + 1);
    MerkleVerifier.verify("composition", proof.compositionRoot(), shape.logDomain(), proof.compositionOpening());

    Felt[] deep = deepValues(ca, shape, proof, queries, z, gamma);
    checkFri(shape, proof, queries, deep, betas);
  }

  private static void expectSize(String what, int expected, int actual) throws VerificationException {
    if (expected != actual) {
      throw VerificationException.of(Reason.MALFORMED, "wrong number of " + what, expected, actual);
    }
  }

  private static void checkOpeningShape(String tree, BatchOpening o, int[] expectedIndices, int width)
      throws VerificationException {
    if (!Arrays.equals(o.indices(), expectedIndices)) {
      throw VerificationException.of(Reason.COMMITMENT_MISMATCH, "opened leaves of " + tree + " are not the queried ones");
    }
    if (o.width() != width) {
      throw VerificationException.of(Reason.MALFORMED, "wrong opening width for " + tree, width, o.width());
    }
  }

  /** Sorted distinct query positions in [0, 2^logDomain). */
  public static int[] drawQueries(Transcript t, int count, int logDomain) {
    int[] q = new int[count];
    for (int i = 0; i < count; i++) {
      q[i] = t.drawIndex(logDomain);
    }
    return Arrays.stream(q).sorted().distinct().toArray();
  }

  /** Draws z uniformly outside the trace domain H and the LDE coset (by rejection). */
  public static Felt drawOutOfDomain(Transcript t, int logN, int logDomain) {
    Felt offsetInv = Felt.COSET_OFFSET.inverse();
    while (true) {
      Felt z = t.drawFelt();
      boolean inH = z.powTwo(logN).equals(Felt.ONE);
      boolean inL = z.mul(offsetInv).powTwo(logDomain).equals(Felt.ONE);
      if (!inH && !inL) {
        return z;
      }
    }
  }

  private static void checkConstraintsAtZ(CompiledAir ca, ProofShape shape, StarkProof proof, long[] challenges,
      Felt alpha, Felt z) throws VerificationException {
    int width = ca.layout().width();
    int[] next = ca.nextColumns();
    long[][] cols = new long[width][4];
    for (int c = 0; c < width; c++) {
      proof.oodTrace().get(c).store(cols[c], 0);
    }
    for (int j = 0; j < next.length; j++) {
      proof.oodNext().get(j).store(cols[next[j]], 1);
    }
    List<Constraint> cs = ca.constraints();
    ConstraintProgram.Registers regs = ca.program().registers(1);
    ca.program().evaluate(cols, ca.periodicAt(z), 0, 1, 1, -1, challenges, regs, Fp.PORTABLE);
    int n = ca.traceLength();
    Felt omega = Felt.rootOfUnity(ca.logTraceLength());
    Felt zh = Polynomials.vanishing(z, ca.logTraceLength());
    Felt zhInv = zh.inverse();
    Felt lastRowFactor = z.sub(omega.pow(n - 1)).mul(zhInv);
    Felt sum = Felt.ZERO;
    Felt coef = Felt.ONE;
    for (int kk = 0; kk < cs.size(); kk++) {
      Constraint c = cs.get(kk);
      Felt v = Felt.at(regs.output(kk), regs.outputOffset(kk)).mul(coef);
      Felt term = switch (c.domain()) {
        case EVERY_ROW -> v.mul(zhInv);
        case ALL_BUT_LAST -> v.mul(lastRowFactor);
        case ROW -> v.mul(z.sub(omega.pow(c.row())).inverse());
      };
      sum = sum.add(term);
      coef = coef.mul(alpha);
    }
    Felt claimed = Felt.ZERO;
    Felt zm = z.pow(shape.pieceSize());
    Felt power = Felt.ONE;
    for (Felt piece : proof.oodComposition()) {
      claimed = claimed.add(piece.mul(power));
      power = power.mul(zm);
    }
    if (!claimed.equals(sum)) {
      throw VerificationException.of(Reason.CONSTRAINT_MISMATCH, "constraints do not hold at the out-of-domain point");
    }
  }

  private static Felt[] deepValues(CompiledAir ca, ProofShape shape, StarkProof proof, int[] queries, Felt z, Felt gamma) {
    TraceLayout layout = ca.layout();
    int width = layout.width();
    int[] next = ca.nextColumns();
    int k = shape.pieces();
    long[] g = Ntt.powers(gamma, width + next.length + k + 1);
    Felt zNext = z.mul(Felt.rootOfUnity(ca.logTraceLength()));
    Felt omegaN = Felt.rootOfUnity(shape.logDomain());
    Felt[] out = new Felt[queries.length];
    long[] row = new long[2 * width];
    for (int qi = 0; qi < queries.length; qi++) {
      for (int s = 0; s < layout.segments().size(); s++) {
        long[] v = proof.segmentOpenings().get(s).values()[qi];
        System.arraycopy(v, 0, row, 2 * layout.start(s), v.length);
      }
      long[] comp = proof.compositionOpening().values()[qi];
      Felt x = Felt.COSET_OFFSET.mul(omegaN.pow(queries[qi]));
      Felt a = Felt.ZERO;
      for (int c = 0; c < width; c++) {
        a = a.add(Felt.at(g, c).mul(Felt.at(row, c).sub(proof.oodTrace().get(c))));
      }
      for (int i = 0; i < k; i++) {
        a = a.add(Felt.at(g, width + next.length + i).mul(Felt.at(comp, i).sub(proof.oodComposition().get(i))));
      }
      Felt b = Felt.ZERO;
      for (int j = 0; j < next.length; j++) {
        b = b.add(Felt.at(g, width + j).mul(Felt.at(row, next[j]).sub(proof.oodNext().get(j))));
      }
      Felt value = a.mul(x.sub(z).inverse()).add(b.mul(x.sub(zNext).inverse()))
          .add(Felt.at(g, width + next.length + k).mul(Felt.at(comp, k)));
      out[qi] = value;
    }
    return out;
  }

  private static void checkFri(ProofShape shape, StarkProof proof, int[] queries, Felt[] deep, Felt[] betas)
      throws VerificationException {
    FriFolding folding = FriFolding.of(shape.params().foldingLog2());
    int kf = folding.factor();
    int size = shape.domainSize();
    Felt offset = Felt.COSET_OFFSET;
    int[] pos = queries.clone();
    Felt[] current = deep.clone();
    long[] scratch = new long[2 * (kf + 2)];
    long[] folded = new long[2];
    for (int layer = 0; layer < betas.length; layer++) {
      int leaves = size / kf;
      int[] leafIdx = Arrays.stream(pos).map(p -> p % leaves).sorted().distinct().toArray();
      BatchOpening o = proof.friOpenings().get(layer);
      checkOpeningShape("FRI layer " + layer, o, leafIdx, kf);
      MerkleVerifier.verify("FRI layer " + layer, proof.friRoots().get(layer), Integer.numberOfTrailingZeros(leaves), o);
      Felt omega = Felt.rootOfUnity(Integer.numberOfTrailingZeros(size));
      long[] beta = {betas[layer].lo(), betas[layer].hi()};
      for (int qi = 0; qi < pos.length; qi++) {
        int a = pos[qi] % leaves;
        int slot = pos[qi] / leaves;
        long[] values = o.values()[Arrays.binarySearch(leafIdx, a)];
        if (!Felt.at(values, slot).equals(current[qi])) {
          throw VerificationException.of(layer == 0 ? Reason.DEEP_MISMATCH : Reason.FRI_FOLD_MISMATCH,
              layer == 0 ? "DEEP composition differs from the first FRI layer" : "FRI layer " + layer + " is not the fold of the previous one");
        }
        Felt xInv = offset.mul(omega.pow(a)).inverse();
        folding.fold(values, new long[] {xInv.lo(), xInv.hi()}, beta, folded, 0, scratch);
        current[qi] = Felt.at(folded, 0);
        pos[qi] = a;
      }
      size = leaves;
      offset = offset.pow(kf);
    }
    long[] fin = new long[2 * proof.finalPolynomial().size()];
    for (int i = 0; i < proof.finalPolynomial().size(); i++) {
      proof.finalPolynomial().get(i).store(fin, i);
    }
    Felt omega = Felt.rootOfUnity(Integer.numberOfTrailingZeros(size));
    for (int qi = 0; qi < pos.length; qi++) {
      Felt x = offset.mul(omega.pow(pos[qi]));
      if (!Polynomials.evaluate(fin, fin.length / 2, x).equals(current[qi])) {
        throw VerificationException.of(betas.length == 0 ? Reason.DEEP_MISMATCH : Reason.FRI_FINAL_MISMATCH,
            "the last FRI layer disagrees with the final polynomial");
      }
    }
  }
}
