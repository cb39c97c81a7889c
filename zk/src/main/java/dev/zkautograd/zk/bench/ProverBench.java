package dev.zkautograd.zk.bench;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import dev.zkautograd.zk.prover.CommittedState;
import dev.zkautograd.zk.prover.RandomSource;
import dev.zkautograd.zk.prover.StarkProver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The prover benchmark behind {@code zk-autograd bench}: proves and verifies one SGD or Adam step per
 * parameter count on random data and reports times, sizes, proven bits, peak heap and the ratio to
 * the plain integer step. Not a unit test: timings are only printed.
 */
public final class ProverBench {
  private ProverBench() {}

  /**
   * Runs the benchmark, one step per parameter count, each proven as one chunk.
   *
   * @param optimizer "sgd" or "adam"
   * @param paramCounts parameter counts to prove
   * @param parameters how each chunk's proof parameters are chosen
   */
  public static List<BenchRow> run(String optimizer, List<Integer> paramCounts, ParameterChoice parameters)
      throws VerificationException {
    return run(optimizer, paramCounts, 1, parameters);
  }

  /**
   * Runs the benchmark with each step split into {@code chunks} chunks, proven one after another
   * (each proof already uses every core): times, sizes and profiles add up over the chunks, the
   * proven bits are the weakest chunk's, the peak heap the largest.
   */
  public static List<BenchRow> run(String optimizer, List<Integer> paramCounts, int chunks, ParameterChoice parameters)
      throws VerificationException {
    return run(optimizer, paramCounts, chunks, 1, parameters);
  }

  /**
   * Runs the benchmark proving {@code steps} consecutive steps of each chunk, as a run does: from the
   * second step on, a step's state_in is the committed state_out of the step before
   * ({@code CommittedState}), so it is neither extended nor hashed again. With more than one step the
   * row's prove time, profile and ratio are the mean of the later steps and the first step's time is
   * reported beside them.
   */
  public static List<BenchRow> run(String optimizer, List<Integer> paramCounts, int chunks, int steps,
      ParameterChoice parameters) throws VerificationException {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1");
    }
    if (!"sgd".equals(optimizer) && !"adam".equals(optimizer)) {
      throw new IllegalArgumentException("unknown optimizer " + optimizer + " (supported: sgd, adam)");
    }
    List<BenchRow> rows = new ArrayList<>();
    for (int count : paramCounts) {
      if (chunks < 1 || chunks > count) {
        throw new IllegalArgumentException("chunks must be between 1 and the parameter count " + count);
      }
      rows.add(runOne(optimizer, count, chunks, steps, parameters));
    }
    return rows;
  }

  /** The first step the benchmark proves (a step with bias corrections well away from 1). */
  private static final long FIRST_STEP = 9;

  /** Seeded random model data for one step, and the plain integer step's time on it. */
  private record Workload(long[] w, long[] m, long[] v, long[] g, AdamRule adam, SgdRule sgd, double plainMillis,
      double floatMillis) {
    StepStatement statement(long step, int count, int chunk, int from, int to) {
      return adam != null
          ? StepStatement.adam(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon(), adam.clip(), step, count,
              chunk, from, to - from)
          : StepStatement.sgd(sgd.learningRate(), sgd.clip(), step, count, chunk, from, to - from);
    }

    /** The workload after the step {@code step} (the same gradient again next time). */
    Workload next(long step) throws CoreException {
      if (adam != null) {
        AdamState after = adam.apply(new AdamState(w, m, v), g, step);
        long[] m2 = new long[w.length];
        long[] v2 = new long[w.length];
        for (int i = 0; i < w.length; i++) {
          m2[i] = after.moment(i);
          v2[i] = after.secondMoment(i);
        }
        return new Workload(after.weights(), m2, v2, g, adam, null, plainMillis, floatMillis);
      }
      return new Workload(sgd.apply(w, g), m, v, g, null, sgd, plainMillis, floatMillis);
    }

    StepWitness witness(int from, int to, BlindingSeed in, BlindingSeed out) {
      long[] wc = java.util.Arrays.copyOfRange(w, from, to);
      long[] gc = java.util.Arrays.copyOfRange(g, from, to);
      return adam != null
          ? StepWitness.adam(wc, java.util.Arrays.copyOfRange(m, from, to), java.util.Arrays.copyOfRange(v, from, to), gc, in, out)
          : new StepWitness(wc, gc, in, out);
    }
  }

  private static Workload workload(String optimizer, int count) throws CoreException {
    Random r = new Random(count);
    long[] w = new long[count];
    long[] g = new long[count];
    for (int i = 0; i < count; i++) {
      w[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 2);
      g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.1);
    }
    double[] wf = decode(w);
    double[] gf = decode(g);
    if ("adam".equals(optimizer)) {
      AdamRule rule = AdamRule.of(1e-3, 0.9, 0.999, 1e-8, 0.99);
      long[] m = new long[count];
      long[] v = new long[count];
      for (int i = 0; i < count; i++) {
        m[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.05);
        v[i] = (long) (r.nextDouble() * 0.0025 * 0x1p64);
      }
      AdamState state = new AdamState(w, m, v);
      double plain = fastest(() -> rule.apply(state, g, FIRST_STEP));
      double[] mf = decode(m);
      double[] vf = new double[count];
      for (int i = 0; i < count; i++) {
        vf[i] = (v[i] >>> 1) * 0x1p-63; // v is unsigned Q64
      }
      double fl = fastest(() -> floatAdam(wf.clone(), mf.clone(), vf.clone(), gf, 1e-3, 0.9, 0.999, 1e-8, FIRST_STEP + 1));
      return new Workload(w, m, v, g, rule, null, plain, fl);
    }
    SgdRule rule = SgdRule.of(1e-3, 1.0);
    double plain = fastest(() -> rule.apply(w, g));
    double fl = fastest(() -> {
      double[] x = wf.clone();
      for (int i = 0; i < x.length; i++) {
        x[i] -= 1e-3 * Math.max(-1.0, Math.min(1.0, gf[i]));
      }
    });
    return new Workload(w, new long[0], new long[0], g, null, rule, plain, fl);
  }

  private interface Step {
    void run() throws CoreException;
  }

  /** The fastest of a few runs of a plain step, in milliseconds (the first runs include the JIT's warm-up). */
  private static double fastest(Step step) throws CoreException {
    double best = Double.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long t0 = System.nanoTime();
      step.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e6);
    }
    return best;
  }

  private static double[] decode(long[] q) {
    double[] x = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      x[i] = FixedPoint.decode(q[i]);
    }
    return x;
  }

  /** The float Adam step a trainer takes without proofs (bias-corrected, step t counted from 1). */
  private static void floatAdam(double[] w, double[] m, double[] v, double[] g, double lr, double b1, double b2, double eps,
      long t) {
    double c1 = 1 - Math.pow(b1, t);
    double c2 = 1 - Math.pow(b2, t);
    for (int i = 0; i < w.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  private static BenchRow runOne(String optimizer, int count, int chunks, int steps, ParameterChoice parameters)
      throws VerificationException {
    SecretBytes master = SecretBytes.random(32, new java.security.SecureRandom());
    Workload start;
    try {
      start = workload(optimizer, count);
    } catch (CoreException e) {
      throw new IllegalStateException("the benchmark's own data is outside the rule's ranges", e);
    }
    double first = 0;
    double later = 0;
    double verify = 0;
    int bytes = 0;
    double bits = Double.MAX_VALUE;
    long peak = 0;
    Map<String, Double> phases = new LinkedHashMap<>();
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) count * c / chunks);
      int to = (int) ((long) count * (c + 1) / chunks);
      Workload work = start;
      CommittedState carried = null; // the chunk's last committed state_out
      for (int k = 0; k < steps; k++) {
        long t = FIRST_STEP + k;
        StepWitness witness = work.witness(from, to, BlindingSeed.derive(master, c, t), BlindingSeed.derive(master, c, t + 1));
        StarkBackend.Prepared prepared = StarkBackend.prepare(work.statement(t, count, c, from, to), witness);
        CompiledAir ca = CompiledAir.of(prepared.air());
        ProofParameters params = parameters.choose(ca);
        System.gc();
        resetPeaks();
        long p0 = System.nanoTime();
        StarkProver.Profiled profiled = new StarkProver(params, RandomSource.secure()).proveProfiled(prepared.air(),
            prepared.trace(), Map.of(StepAir.STATE_IN, witness.stateInSeed(), StepAir.STATE_OUT, witness.stateOutSeed()),
            carried == null ? Map.of() : Map.of(StepAir.STATE_IN, carried));
        double millis = (System.nanoTime() - p0) / 1e6;
        peak = Math.max(peak, peakHeap());
        carried = profiled.states().get(StepAir.STATE_OUT);
        StepProof proof = StarkBackend.withPublicInputs(prepared.air(), profiled.proof());
        long v0 = System.nanoTime();
        new StarkBackend().verify(proof.proof(), proof.publicInputs(), VerificationPolicy.insecureAcceptAnyParameters());
        double verifyMillis = (System.nanoTime() - v0) / 1e6;
        bits = Math.min(bits, SecurityBound.bits(ProofShape.of(params, ca), ca));
        if (k == 0) {
          first += millis;
        } else {
          later += millis / (steps - 1);
        }
        if (k == 0 && steps == 1 || k > 0) { // the row describes the steady step where there is one
          verify += verifyMillis / Math.max(1, steps - 1);
          bytes += proof.proof().length / Math.max(1, steps - 1);
          profiled.phaseNanos().forEach((key, v) -> phases.merge(key, v / 1e6 / Math.max(1, steps - 1), Double::sum));
        }
        if (k + 1 < steps) {
          try {
            work = work.next(t);
          } catch (CoreException e) {
            throw new IllegalStateException("the benchmark's own data left the rule's ranges", e);
          }
        }
      }
    }
    double prove = steps == 1 ? first : later;
    return new BenchRow(count, prove, verify, bytes, bits, peak, start.plainMillis(), start.floatMillis(), phases, first);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The plain-text table. */
  public static String format(List<BenchRow> rows) {
    StringBuilder s = new StringBuilder();
    boolean chained = rows.stream().anyMatch(r -> r.firstStepMillis() != r.proveMillis());
    s.append(String.format(Locale.ROOT, "%12s %10s %10s %12s %8s %10s %10s %10s%s%n", "parameters", "prove", "verify",
        "proof size", "bits", "peak heap", "vs plain", "vs float", chained ? "  first step" : ""));
    for (BenchRow r : rows) {
      s.append(String.format(Locale.ROOT, "%12d %9.2fs %8.1fms %10.1fKB %8.1f %8.2fGB %9.0fx %9.0fx%s%n", r.parameters(),
          r.proveMillis() / 1000, r.verifyMillis(), r.proofBytes() / 1024.0, r.provenBits(), r.peakHeapBytes() / 1e9,
          r.ratio(), r.floatRatio(), chained ? String.format(Locale.ROOT, " %11.2fs", r.firstStepMillis() / 1000) : ""));
    }
    return s.toString();
  }

  /** The prover profile of each row. */
  public static String formatProfile(List<BenchRow> rows) {
    StringBuilder s = new StringBuilder();
    for (BenchRow r : rows) {
      s.append("profile, ").append(r.parameters()).append(" parameters:\n");
      r.profile().forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-28s %9.0f ms%n", k, v)));
    }
    return s.toString();
  }

  /**
   * {@code ProverBench [2^k | count]...}: benchmarks SGD with the proven-100-bit preset.
   */
  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String a : args.length == 0 ? new String[] {"2^16"} : args) {
      counts.add(a.startsWith("2^") ? 1 << Integer.parseInt(a.substring(2)) : Integer.parseInt(a));
    }
    List<BenchRow> rows = run("sgd", counts, ParameterChoice.proven(VerificationPolicy.DEFAULT.minimumBits()));
    System.out.print(format(rows));
    System.out.print(formatProfile(rows));
  }
}
