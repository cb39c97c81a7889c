package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.air.Air;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.air.Constraint;
import dev.zkautograd.zk.air.ConstraintProgram;
import dev.zkautograd.zk.air.LogUpGadget;
import dev.zkautograd.zk.air.RangeCheckSpec;
import dev.zkautograd.zk.air.SegmentSpec;
import dev.zkautograd.zk.air.TraceLayout;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.field.Fp;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.poly.Ntt;
import dev.zkautograd.zk.poly.Polynomials;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.transcript.Transcript;
import dev.zkautograd.zk.verifier.StarkVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The zero-knowledge STARK prover, generic over {@link Air}: commits the trace segments (state
 * segments blinded from their seeds, others freshly), builds the LogUp aux segment, the randomised
 * DEEP-ALI composition with a FRI mask, runs FRI, grinds and opens. See docs/proof-system.md.
 *
 * <p>It refuses a witness that breaks a constraint (WITNESS_REJECTED, naming the constraint and row)
 * before it commits the composition: it never produces a proof of a false statement knowingly.
 */
public final class StarkProver {
  private static final int CHUNK = 1 << 11;
  /** Points per evaluation of the constraint program (its registers then fit the L2 cache). */
  private static final int BLOCK = 64;

  private final ProofParameters params;
  private final RandomSource random;
  private final boolean selfCheck;
  private final boolean blinding;

  /** A prover with these parameters and this source of fresh randomness. */
  public StarkProver(ProofParameters params, RandomSource random) {
    this(params, random, true, true);
  }

  private StarkProver(ProofParameters params, RandomSource random, boolean selfCheck, boolean blinding) {
    this.params = params;
    this.random = random;
    this.selfCheck = selfCheck;
    this.blinding = blinding;
  }

  /**
   * TEST HOOK: a prover whose polynomials are not randomised (salts are still random). Proofs it
   * makes verify but leak the witness; the zero-knowledge test uses it as its negative control, to
   * show that its statistic detects a leak. Package-private on purpose.
   */
  static StarkProver leakingWithoutBlinding(ProofParameters params, RandomSource random) {
    return new StarkProver(params, random, true, false);
  }

  /**
   * TEST HOOK: a cheating prover that skips its own witness and degree checks and proves whatever
   * trace it is given. Package-private on purpose; only the soundness tests use it.
   */
  static StarkProver dishonestlySkippingSelfCheck(ProofParameters params, RandomSource random) {
    return new StarkProver(params, random, false, true);
  }

  /**
   * A proof, where the prover spent its time, the state segments it committed (by segment name),
   * which the proof of the next step may reuse, and the names of those it took from its caller.
   */
  public record Profiled(StarkProof proof, Map<String, Long> phaseNanos, Map<String, CommittedState> states,
      java.util.Set<String> reusedStates) {}

  /**
   * Proves that the main columns satisfy the AIR.
   *
   * @param mainColumns every column of the AIR's segments by name, as field vectors of n elements
   * @param stateSeeds the blinding seed of every STATE segment, by segment name
   * @throws VerificationException WITNESS_REJECTED if the columns break a constraint
   */
  public StarkProof prove(Air air, Map<String, long[]> mainColumns, Map<String, BlindingSeed> stateSeeds)
      throws VerificationException {
    return proveProfiled(air, mainColumns, stateSeeds).proof();
  }

  /** {@link #prove} with a per-phase profile. */
  public Profiled proveProfiled(Air air, Map<String, long[]> mainColumns, Map<String, BlindingSeed> stateSeeds)
      throws VerificationException {
    return proveProfiled(air, mainColumns, stateSeeds, Map.of());
  }

  /**
   * {@link #proveProfiled(Air, Map, Map)}, taking the commitment of a state segment from {@code
   * reusable} (by segment name) where it is exactly the commitment this proof would compute: same
   * values, seed and shape (checked). The proof is the same either way; only the time differs.
   */
  public Profiled proveProfiled(Air air, Map<String, long[]> mainColumns, Map<String, BlindingSeed> stateSeeds,
      Map<String, CommittedState> reusable) throws VerificationException {
    Map<String, Long> profile = new LinkedHashMap<>();
    long[] clock = {System.nanoTime()};
    CompiledAir ca = CompiledAir.of(air);
    ProofShape shape = ProofShape.of(params, ca);
    TraceLayout layout = ca.layout();
    int n = ca.traceLength();
    int bigN = shape.domainSize();
    Ntt traceNtt = FastNtt.of(ca.logTraceLength());
    int blowupLog2 = params.blowupLog2();
    long[][] cosetPowers = new long[1 << blowupLog2][]; // shared by every column's extension
    IntStream.range(0, cosetPowers.length).parallel()
        .forEach(j -> cosetPowers[j] = traceNtt.cosetPowers(blowupLog2, j, Felt.COSET_OFFSET));

    long[][] trace = new long[layout.width()][];
    for (int s = 0; s < layout.segments().size(); s++) {
      for (int c = layout.start(s); c < layout.end(s); c++) {
        String name = layout.name(c);
        long[] col = mainColumns.get(name);
        if (col == null) {
          boolean generated = layout.segments().get(s).kind() == SegmentSpec.Kind.AUX
              || name.equals(LogUpGadget.TABLE) || name.equals(LogUpGadget.MULTIPLICITY);
          if (!generated) {
            throw new IllegalArgumentException("missing column " + name);
          }
          col = new long[2 * n];
        } else if (col.length != 2 * n) {
          throw new IllegalArgumentException("column " + name + " must have " + n + " elements");
        }
        trace[c] = col;
      }
    }
    Optional<RangeCheckSpec> rc = air.rangeCheck();
    rc.ifPresent(spec -> LogUpWitness.fillTable(trace, layout, spec, n));

    Transcript t = new Transcript(StarkVerifier.DOMAIN_SEPARATOR);
    t.absorb(params.toBytes());
    t.absorb(air.statement());

    long[][] lde = new long[layout.width()][];
    long[][] coeffs = new long[layout.width()][];
    int[] counts = new int[layout.width()];
    int aux = ca.auxSegment();
    List<Integer> mainSegments = new ArrayList<>(); // main segments this proof extends itself
    List<Prg> mainPrgs = new ArrayList<>();
    Map<Integer, Committed> reused = new LinkedHashMap<>();
    Map<Integer, byte[]> fingerprints = new LinkedHashMap<>();
    for (int s = 0; s < layout.segments().size(); s++) {
      if (s == aux) {
        continue;
      }
      SegmentSpec spec = layout.segments().get(s);
      Prg prg;
      if (spec.kind() == SegmentSpec.Kind.STATE) {
        BlindingSeed seed = stateSeeds.get(spec.name());
        if (seed == null) {
          throw new IllegalArgumentException("missing blinding seed for state segment " + spec.name());
        }
        fingerprints.put(s, seed.fingerprint());
        CommittedState known = reusable.get(spec.name());
        if (blinding && known != null && known.matches(segmentColumns(trace, layout, s), fingerprints.get(s), shape,
            shape.randomizer(SegmentSpec.Kind.STATE))) {
          reused.put(s, known.committed);
          continue; // a state segment's stream is its own: skipping it leaves every other draw as it was
        }
        prg = new Prg(seed.revealBytes());
      } else {
        prg = Prg.fresh(random);
      }
      mainSegments.add(s);
      mainPrgs.add(prg);
    }
    // each segment has its own stream (the fresh ones seeded above, in order), so they expand in parallel
    SegmentRandomness[] drawn = new SegmentRandomness[mainSegments.size()];
    IntStream.range(0, drawn.length).parallel().forEach(i -> {
      int s = mainSegments.get(i);
      drawn[i] = SegmentRandomness.draw(mainPrgs.get(i), layout.end(s) - layout.start(s),
          shape.randomizer(layout.segments().get(s).kind()), shape.domainSize(), blinding);
    });
    List<SegmentRandomness> mainRandomness = List.of(drawn);
    profile.put("main: randomness", lap(clock));
    extendColumns(trace, layout, mainSegments, mainRandomness, shape, traceNtt, cosetPowers, lde, coeffs, counts);
    profile.put("main: interpolate + LDE", lap(clock));
    List<Committed> segments = new ArrayList<>(); // every main segment, in layout order
    for (int s = 0; s < layout.segments().size(); s++) {
      if (s == aux) {
        continue;
      }
      Committed c = reused.get(s);
      if (c == null) {
        int i = mainSegments.indexOf(s);
        c = tree(layout, s, mainRandomness.get(i), shape, lde, coeffs, counts);
      } else {
        for (int k = 0; k < c.lde().length; k++) {
          lde[layout.start(s) + k] = c.lde()[k];
          coeffs[layout.start(s) + k] = c.coefficients()[k];
          counts[layout.start(s) + k] = c.coefficientCounts()[k];
        }
      }
      segments.add(c);
    }
    for (Committed c : segments) {
      t.absorb(c.tree().root());
    }
    profile.put("main: Merkle trees", lap(clock));

    long[] challenges = new long[2 * ca.challengeCount()];
    if (aux >= 0) {
      Felt alpha = t.drawFelt();
      alpha.store(challenges, 0);
      LogUpWitness.fillAux(trace, layout, rc.get(), alpha, n);
      SegmentRandomness rnd = SegmentRandomness.draw(Prg.fresh(random), layout.end(aux) - layout.start(aux),
          shape.randomizer(SegmentSpec.Kind.AUX), shape.domainSize(), blinding);
      extendColumns(trace, layout, List.of(aux), List.of(rnd), shape, traceNtt, cosetPowers, lde, coeffs, counts);
      Committed c = tree(layout, aux, rnd, shape, lde, coeffs, counts);
      segments.add(aux, c);
      t.absorb(c.tree().root());
      profile.put("commit aux (LogUp)", lap(clock));
    }
    Felt compositionChallenge = t.drawFelt();
    long[] q = composition(ca, shape, lde, challenges, compositionChallenge);
    profile.put("constraint evaluation", lap(clock));
    int cosets = 1 << params.blowupLog2();
    long[][] perCoset = new long[cosets][];
    long[] evaluations = q;
    IntStream.range(0, cosets).parallel().forEach(j -> perCoset[j] =
        traceNtt.interpolateCoset(evaluations, params.blowupLog2(), j, Felt.COSET_OFFSET));
    long[] combined = new long[2 * n << params.blowupLog2()];
    int parts = Math.max(1, n / CHUNK);
    IntStream.range(0, parts).parallel().forEach(part -> traceNtt.combineCosets(perCoset, params.blowupLog2(),
        Felt.COSET_OFFSET, combined, (int) ((long) part * n / parts), (int) ((long) (part + 1) * n / parts)));
    q = combined;
    if (selfCheck) {
      // A witness that breaks any constraint leaves Q above its degree bound (except with
      // probability about #constraints / p over alpha), so this one check guards every proof; the
      // row-by-row check then only names what broke.
      for (int i = shape.compositionCoefficients(); i < bigN; i++) {
        if (q[2 * i] != 0 || q[2 * i + 1] != 0) {
          checkWitness(ca, trace, challenges);
          throw VerificationException.of(Reason.WITNESS_REJECTED, "composition polynomial above its degree bound");
        }
      }
    }
    Committed comp = commitComposition(q, shape, Prg.fresh(random), traceNtt, cosetPowers, blinding);
    t.absorb(comp.tree().root());
    profile.put("composition pieces + mask", lap(clock));

    Felt z = drawOutOfDomain(t, ca.logTraceLength(), shape.logDomain());
    Felt zNext = z.mul(Felt.rootOfUnity(ca.logTraceLength()));
    int width = layout.width();
    int[] next = ca.nextColumns();
    Felt[] oodTrace = new Felt[width];
    Felt[] oodNext = new Felt[next.length];
    Felt[] oodComp = new Felt[shape.pieces()];
    IntStream.range(0, width).parallel().forEach(c -> oodTrace[c] = Polynomials.evaluate(coeffs[c], counts[c], z));
    for (int j = 0; j < next.length; j++) {
      oodNext[j] = Polynomials.evaluate(coeffs[next[j]], counts[next[j]], zNext);
    }
    for (int i = 0; i < shape.pieces(); i++) {
      oodComp[i] = Polynomials.evaluate(comp.coefficients()[i], comp.coefficientCounts()[i], z);
    }
    t.absorb(oodTrace);
    t.absorb(oodNext);
    t.absorb(oodComp);
    profile.put("out-of-domain evaluation", lap(clock));

    Felt gamma = t.drawFelt();
    long[] deep = deepCodeword(shape, lde, comp.lde(), next, z, zNext, oodTrace, oodNext, oodComp, gamma);
    profile.put("DEEP codeword", lap(clock));
    FriProver fri = new FriProver(deep, shape, t, Prg.fresh(random), selfCheck);
    profile.put("FRI commit", lap(clock));

    long nonce = grind(t.state(), params.grindingBits());
    byte[] nonceBytes = new byte[8];
    Transcript.putLong(nonceBytes, 0, nonce);
    t.absorb(nonceBytes);
    profile.put("grinding", lap(clock));

    int[] queries = StarkVerifier.drawQueries(t, params.queries(), shape.logDomain());
    List<BatchOpening> openings = new ArrayList<>();
    for (Committed c : segments) {
      openings.add(c.tree().open(queries));
    }
    BatchOpening compOpening = comp.tree().open(queries);
    List<BatchOpening> friOpenings = fri.open(queries);
    List<byte[]> roots = new ArrayList<>();
    for (Committed c : segments) {
      roots.add(c.tree().root());
    }
    StarkProof proof = new StarkProof(params, air.statement(), roots, comp.tree().root(), List.of(oodTrace), List.of(oodNext),
        List.of(oodComp), fri.roots(), fri.finalPolynomial(), nonce, openings, compOpening, friOpenings);
    profile.put("openings", lap(clock));
    Map<String, CommittedState> states = new LinkedHashMap<>();
    if (blinding) { // the leaking test prover's codewords are not the real ones: never offer them
      fingerprints.forEach((s, fp) -> states.put(layout.segments().get(s).name(), new CommittedState(
          segmentColumns(trace, layout, s), fp, shape, shape.randomizer(SegmentSpec.Kind.STATE), segments.get(s))));
    }
    java.util.Set<String> reusedNames = new java.util.TreeSet<>();
    reused.keySet().forEach(s -> reusedNames.add(layout.segments().get(s).name()));
    return new Profiled(proof, profile, Map.copyOf(states), java.util.Set.copyOf(reusedNames));
  }

  private static List<long[]> segmentColumns(long[][] trace, TraceLayout layout, int s) {
    return Arrays.asList(Arrays.copyOfRange(trace, layout.start(s), layout.end(s)));
  }

  private static long lap(long[] clock) {
    long now = System.nanoTime();
    long d = now - clock[0];
    clock[0] = now;
    return d;
  }

  /** The randomness of one segment, drawn in a fixed order: randomisers column by column, then salts. */
  private record SegmentRandomness(long[][] randomizers, byte[] salts) {
    static SegmentRandomness draw(Prg prg, int columns, int r, int leaves, boolean blinding) {
      long[][] rnd = new long[columns][];
      for (int c = 0; c < columns; c++) {
        rnd[c] = blinding ? prg.nextFelts(r) : new long[2 * r];
      }
      byte[] salts = new byte[32 * leaves];
      prg.nextBytes(salts, 0, salts.length);
      return new SegmentRandomness(rnd, salts);
    }
  }

  /**
   * The Merkle root of one STATE segment exactly as {@link #prove} commits it: the randomiser and
   * salts come from the state's seed, so the root equals the one every proof that opens this state
   * carries. Whoever holds a state's values and seed can thus show which state a run produced
   * (docs/proof-system.md, "Opening a state").
   *
   * @param mainColumns at least the segment's columns, each of 2n limbs
   */
  public byte[] commitState(Air air, Map<String, long[]> mainColumns, String segment, BlindingSeed seed) {
    CompiledAir ca = CompiledAir.of(air);
    ProofShape shape = ProofShape.of(params, ca);
    TraceLayout layout = ca.layout();
    int s = layout.segmentIndex(segment);
    if (layout.segments().get(s).kind() != SegmentSpec.Kind.STATE) {
      throw new IllegalArgumentException(segment + " is not a state segment");
    }
    int n = ca.traceLength();
    Ntt traceNtt = FastNtt.of(ca.logTraceLength());
    int blowupLog2 = params.blowupLog2();
    long[][] cosetPowers = new long[1 << blowupLog2][];
    for (int j = 0; j < cosetPowers.length; j++) {
      cosetPowers[j] = traceNtt.cosetPowers(blowupLog2, j, Felt.COSET_OFFSET);
    }
    long[][] trace = new long[layout.width()][];
    for (int c = layout.start(s); c < layout.end(s); c++) {
      long[] col = mainColumns.get(layout.name(c));
      if (col == null || col.length != 2 * n) {
        throw new IllegalArgumentException("column " + layout.name(c) + " must have " + n + " elements");
      }
      trace[c] = col;
    }
    SegmentRandomness rnd = SegmentRandomness.draw(new Prg(seed.revealBytes()), layout.end(s) - layout.start(s),
        shape.randomizer(SegmentSpec.Kind.STATE), shape.domainSize(), blinding);
    long[][] lde = new long[layout.width()][];
    long[][] coeffs = new long[layout.width()][];
    int[] counts = new int[layout.width()];
    extendColumns(trace, layout, List.of(s), List.of(rnd), shape, traceNtt, cosetPowers, lde, coeffs, counts);
    return tree(layout, s, rnd, shape, lde, coeffs, counts).tree().root();
  }

  /**
   * Interpolates, randomises (f + Z_H r) and extends the columns of the given segments: one
   * parallel pass over every (column, coset) pair, so that one-column segments use all cores too.
   */
  private static void extendColumns(long[][] trace, TraceLayout layout, List<Integer> segs, List<SegmentRandomness> rnds,
      ProofShape shape, Ntt traceNtt, long[][] cosetPowers, long[][] lde, long[][] coeffs, int[] counts) {
    int n = traceNtt.size();
    List<int[]> columns = new ArrayList<>(); // {column, index of its segment in segs}
    for (int i = 0; i < segs.size(); i++) {
      for (int c = layout.start(segs.get(i)); c < layout.end(segs.get(i)); c++) {
        columns.add(new int[] {c, i});
      }
    }
    columns.parallelStream().forEach(ci -> {
      int c = ci[0];
      long[] rnd = rnds.get(ci[1]).randomizers()[c - layout.start(segs.get(ci[1]))];
      int r = rnd.length / 2;
      long[] f = Arrays.copyOf(trace[c], 2 * (n + r));
      traceNtt.inverse(f);
      // f + (x^n - 1) r: subtract r from the low coefficients, add it shifted by n.
      for (int j = 0; j < r; j++) {
        Fp.sub(f, j, rnd, j, f, j);
        Fp.add(f, n + j, rnd, j, f, n + j);
      }
      coeffs[c] = f;
      counts[c] = n + r;
      lde[c] = new long[2 * shape.domainSize()];
    });
    if (columns.size() >= 2) { // enough columns to keep both cores busy: one task per column
      columns.parallelStream().forEach(ci -> traceNtt.extendAllCosets(coeffs[ci[0]], counts[ci[0]],
          shape.params().blowupLog2(), Felt.COSET_OFFSET, cosetPowers, lde[ci[0]]));
      return;
    }
    int cosets = 1 << shape.params().blowupLog2();
    IntStream.range(0, columns.size() * cosets).parallel().forEach(task -> {
      int c = columns.get(task / cosets)[0];
      int j = task % cosets;
      traceNtt.extendCoset(coeffs[c], counts[c], shape.params().blowupLog2(), j, Felt.COSET_OFFSET, cosetPowers[j],
          lde[c]);
    });
  }

  private static Committed tree(TraceLayout layout, int s, SegmentRandomness rnd, ProofShape shape, long[][] lde,
      long[][] coeffs, int[] counts) {
    int from = layout.start(s);
    int to = layout.end(s);
    long[][] cols = Arrays.copyOfRange(lde, from, to);
    return new Committed(Arrays.copyOfRange(coeffs, from, to), Arrays.copyOfRange(counts, from, to), cols,
        new MerkleTree(cols, shape.domainSize(), 1, rnd.salts()));
  }

  private static void checkWitness(CompiledAir ca, long[][] trace, long[] challenges) throws VerificationException {
    int n = ca.traceLength();
    List<Constraint> cs = ca.constraints();
    long[][] periodic = ca.periodicOnTrace();
    AtomicLong firstBad = new AtomicLong(Long.MAX_VALUE);
    int chunks = Math.max(1, n / CHUNK);
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      ConstraintProgram.Registers regs = ca.program().registers(BLOCK);
      int from = (int) ((long) ch * n / chunks);
      int to = (int) ((long) (ch + 1) * n / chunks);
      for (int i = from; i < to; i += BLOCK) {
        int len = Math.min(BLOCK, to - i);
        ca.program().evaluate(trace, periodic, i, i + 1, len, n - 1, challenges, regs, FastField.OPS);
        for (int k = 0; k < cs.size(); k++) {
          Constraint c = cs.get(k);
          long[] out = regs.output(k);
          int o = regs.outputOffset(k);
          for (int j = 0; j < len; j++) {
            int row = i + j;
            boolean applies = c.domain() == Constraint.Domain.EVERY_ROW
                || (c.domain() == Constraint.Domain.ALL_BUT_LAST && row < n - 1)
                || (c.domain() == Constraint.Domain.ROW && c.row() == row);
            if (applies && (out[2 * (o + j)] != 0 || out[2 * (o + j) + 1] != 0)) {
              long code = ((long) row << 20) | k;
              firstBad.accumulateAndGet(code, Math::min);
            }
          }
        }
      }
    });
    long bad = firstBad.get();
    if (bad != Long.MAX_VALUE) {
      int row = (int) (bad >>> 20);
      int k = (int) (bad & 0xFFFFF);
      throw VerificationException.of(Reason.WITNESS_REJECTED,
          "the witness breaks constraint '" + cs.get(k).name() + "' of " + ca.air().name() + " at row " + row);
    }
  }

  /** Q(x) = sum_c alpha^c C_c(x) / divisor_c(x) on the LDE domain. */
  private static long[] composition(CompiledAir ca, ProofShape shape, long[][] lde, long[] challenges, Felt alpha) {
    int bigN = shape.domainSize();
    int n = ca.traceLength();
    int blowup = bigN / n;
    List<Constraint> cs = ca.constraints();
    int[] rows = ca.boundaryRows();
    int[] group = new int[cs.size()];
    for (int k = 0; k < cs.size(); k++) {
      Constraint c = cs.get(k);
      group[k] = switch (c.domain()) {
        case EVERY_ROW -> 0;
        case ALL_BUT_LAST -> 1;
        case ROW -> 2 + Arrays.binarySearch(rows, c.row());
      };
    }
    long[] coef = Ntt.powers(alpha, cs.size());
    Felt omegaN = Felt.rootOfUnity(shape.logDomain());
    Felt omegaTrace = Felt.rootOfUnity(ca.logTraceLength());
    Felt lastRow = omegaTrace.pow(n - 1);
    // 1 / Z_H(x): x^n = offset^n * (w_N^n)^i takes blowup distinct values.
    long[] zInv = new long[2 * blowup];
    Felt offN = Felt.COSET_OFFSET.pow(n);
    Felt wb = Felt.rootOfUnity(shape.params().blowupLog2());
    for (int j = 0; j < blowup; j++) {
      offN.mul(wb.pow(j)).sub(Felt.ONE).store(zInv, j);
    }
    Fp.batchInvert(zInv, 0, blowup);
    long[] rowPoints = new long[2 * rows.length];
    for (int r = 0; r < rows.length; r++) {
      omegaTrace.pow(rows[r]).store(rowPoints, r);
    }
    long[] last = {lastRow.lo(), lastRow.hi()};
    long[][] periodic = ca.periodicOnDomain(shape.params().blowupLog2());
    long[] q = new long[2 * bigN];
    int chunks = Math.max(1, bigN / CHUNK);
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      int from = (int) ((long) ch * bigN / chunks);
      int to = (int) ((long) (ch + 1) * bigN / chunks);
      int len = to - from;
      long[] xs = new long[2 * len];
      long[] x = new long[2];
      Felt.COSET_OFFSET.mul(omegaN.pow(from)).store(x, 0);
      long[] w = {omegaN.lo(), omegaN.hi()};
      for (int i = 0; i < len; i++) {
        xs[2 * i] = x[0];
        xs[2 * i + 1] = x[1];
        FastField.mul(x, 0, w, 0, x, 0);
      }
      long[][] inv = new long[rows.length][2 * len];
      for (int r = 0; r < rows.length; r++) {
        for (int i = 0; i < len; i++) {
          Fp.sub(xs, i, rowPoints, r, inv[r], i);
        }
        Fp.batchInvert(inv[r], 0, len, FastField.OPS);
      }
      ConstraintProgram.Registers regs = ca.program().registers(BLOCK);
      long[] acc = new long[2 * (2 + rows.length)];
      long[] tmp = new long[2];
      for (int b = 0; b < len; b += BLOCK) {
        int blockLen = Math.min(BLOCK, len - b);
        int first = from + b;
        ca.program().evaluate(lde, periodic, first, first + blowup, blockLen, bigN - 1, challenges, regs, FastField.OPS);
        for (int j = 0; j < blockLen; j++) {
          int i = b + j;
          int p = first + j;
          Arrays.fill(acc, 0);
          for (int k = 0; k < cs.size(); k++) {
            FastField.mul(regs.output(k), regs.outputOffset(k) + j, coef, k, tmp, 0);
            Fp.add(acc, group[k], tmp, 0, acc, group[k]);
          }
          int zi = p & (blowup - 1);
          // every-row / Z_H + all-but-last * (x - w^(n-1)) / Z_H
          Fp.sub(xs, i, last, 0, tmp, 0);
          FastField.mul(acc, 1, tmp, 0, acc, 1);
          Fp.add(acc, 0, acc, 1, acc, 0);
          FastField.mul(acc, 0, zInv, zi, q, p);
          for (int r = 0; r < rows.length; r++) {
            FastField.mul(acc, 2 + r, inv[r], i, tmp, 0);
            Fp.add(q, p, tmp, 0, q, p);
          }
        }
      }
    });
    return q;
  }

  /**
   * Splits Q into K pieces of m coefficients, randomises them (q~_i = q_i + x^m r_i - r_(i-1), so
   * sum x^(i m) q~_i = Q), adds the FRI mask polynomial (D random coefficients), extends and commits.
   */
  private static Committed commitComposition(long[] q, ProofShape shape, Prg prg, Ntt traceNtt, long[][] cosetPowers,
      boolean blinding) {
    int k = shape.pieces();
    int m = shape.pieceSize();
    int r = shape.compositionRandomizer();
    long[][] rnd = new long[k - 1][];
    for (int i = 0; i < k - 1; i++) {
      rnd[i] = blinding ? prg.nextFelts(r) : new long[2 * r];
    }
    long[][] polys = new long[k + 1][];
    int[] counts = new int[k + 1];
    for (int i = 0; i < k; i++) {
      long[] p = new long[2 * (m + r)];
      int start = i * m;
      int avail = Math.max(0, Math.min(m, q.length / 2 - start));
      System.arraycopy(q, 2 * start, p, 0, 2 * avail);
      if (i > 0) {
        for (int j = 0; j < r; j++) {
          Fp.sub(p, j, rnd[i - 1], j, p, j);
        }
      }
      if (i < k - 1) {
        for (int j = 0; j < r; j++) {
          Fp.add(p, m + j, rnd[i], j, p, m + j);
        }
      }
      polys[i] = p;
      counts[i] = m + r;
    }
    polys[k] = blinding ? prg.nextFelts(shape.degreeBound()) : new long[2 * shape.degreeBound()];
    counts[k] = shape.degreeBound();
    byte[] salts = new byte[32 * shape.domainSize()];
    prg.nextBytes(salts, 0, salts.length);
    long[][] lde = new long[k + 1][];
    for (int i = 0; i <= k; i++) {
      lde[i] = new long[2 * shape.domainSize()];
    }
    int cosets = 1 << shape.params().blowupLog2();
    IntStream.range(0, (k + 1) * cosets).parallel().forEach(task -> traceNtt.extendCoset(polys[task / cosets],
        counts[task / cosets], shape.params().blowupLog2(), task % cosets, Felt.COSET_OFFSET, cosetPowers[task % cosets],
        lde[task / cosets]));
    return new Committed(polys, counts, lde, new MerkleTree(lde, shape.domainSize(), 1, salts));
  }

  /** z uniform outside the trace domain H and the LDE domain (rejection). */
  static Felt drawOutOfDomain(Transcript t, int logN, int logDomain) {
    return StarkVerifier.drawOutOfDomain(t, logN, logDomain);
  }

  /**
   * The DEEP codeword on the LDE domain: sum over columns of g_j (f_j(x) - f_j(z)) / (x - z), over
   * next-row columns of g'_j (f_j(x) - f_j(z w)) / (x - z w), over pieces likewise at z, plus the
   * mask; coefficients are powers of gamma in that order.
   */
  private static long[] deepCodeword(ProofShape shape, long[][] lde, long[][] compLde, int[] next, Felt z, Felt zNext,
      Felt[] oodTrace, Felt[] oodNext, Felt[] oodComp, Felt gamma) {
    int bigN = shape.domainSize();
    int width = lde.length;
    int k = shape.pieces();
    long[] g = Ntt.powers(gamma, width + next.length + k + 1);
    // constants: sum g_j f_j(z) (columns + pieces) and sum g'_j f_j(zw)
    Felt atZ = Felt.ZERO;
    for (int c = 0; c < width; c++) {
      atZ = atZ.add(Felt.at(g, c).mul(oodTrace[c]));
    }
    for (int i = 0; i < k; i++) {
      atZ = atZ.add(Felt.at(g, width + next.length + i).mul(oodComp[i]));
    }
    Felt atZNext = Felt.ZERO;
    for (int j = 0; j < next.length; j++) {
      atZNext = atZNext.add(Felt.at(g, width + j).mul(oodNext[j]));
    }
    long[] cz = {atZ.lo(), atZ.hi()};
    long[] czn = {atZNext.lo(), atZNext.hi()};
    long[] zs = {z.lo(), z.hi()};
    long[] zns = {zNext.lo(), zNext.hi()};
    Felt omegaN = Felt.rootOfUnity(shape.logDomain());
    long[] out = new long[2 * bigN];
    int chunks = Math.max(1, bigN / CHUNK);
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      int from = (int) ((long) ch * bigN / chunks);
      int to = (int) ((long) (ch + 1) * bigN / chunks);
      int len = to - from;
      long[] d1 = new long[2 * len];
      long[] d2 = new long[2 * len];
      long[] x = new long[2];
      Felt.COSET_OFFSET.mul(omegaN.pow(from)).store(x, 0);
      long[] w = {omegaN.lo(), omegaN.hi()};
      for (int i = 0; i < len; i++) {
        Fp.sub(x, 0, zs, 0, d1, i);
        Fp.sub(x, 0, zns, 0, d2, i);
        FastField.mul(x, 0, w, 0, x, 0);
      }
      Fp.batchInvert(d1, 0, len, FastField.OPS);
      Fp.batchInvert(d2, 0, len, FastField.OPS);
      long[] a = new long[2];
      long[] b = new long[2];
      long[] tmp = new long[2];
      for (int i = 0; i < len; i++) {
        int p = from + i;
        a[0] = 0;
        a[1] = 0;
        for (int c = 0; c < width; c++) {
          FastField.mul(lde[c], p, g, c, tmp, 0);
          Fp.add(a, 0, tmp, 0, a, 0);
        }
        for (int j = 0; j < k; j++) {
          FastField.mul(compLde[j], p, g, width + next.length + j, tmp, 0);
          Fp.add(a, 0, tmp, 0, a, 0);
        }
        Fp.sub(a, 0, cz, 0, a, 0);
        FastField.mul(a, 0, d1, i, a, 0);
        b[0] = 0;
        b[1] = 0;
        for (int j = 0; j < next.length; j++) {
          FastField.mul(lde[next[j]], p, g, width + j, tmp, 0);
          Fp.add(b, 0, tmp, 0, b, 0);
        }
        Fp.sub(b, 0, czn, 0, b, 0);
        FastField.mul(b, 0, d2, i, b, 0);
        Fp.add(a, 0, b, 0, a, 0);
        FastField.mul(compLde[k], p, g, width + next.length + k, tmp, 0);
        Fp.add(a, 0, tmp, 0, out, p);
      }
    });
    return out;
  }

  /** Finds a nonce whose proof of work has {@code bits} leading zeros (both cores). */
  private static long grind(byte[] state, int bits) {
    if (bits == 0) {
      return 0;
    }
    int lanes = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicLong found = new AtomicLong(Long.MAX_VALUE);
    IntStream.range(0, lanes).parallel().forEach(lane -> {
      MessageDigest md;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      byte[] buf = new byte[1 + 32 + 8];
      buf[0] = 3;
      System.arraycopy(state, 0, buf, 1, 32);
      for (long nonce = lane; nonce < found.get(); nonce += lanes) {
        Transcript.putLong(buf, 33, nonce);
        if (Transcript.leadingZeros(md.digest(buf)) >= bits) {
          found.accumulateAndGet(nonce, Math::min);
          return;
        }
      }
    });
    return found.get();
  }
}
