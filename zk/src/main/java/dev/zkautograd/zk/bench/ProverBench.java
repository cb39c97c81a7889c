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
    if (!"sgd".equals(optimizer) && !"adam".equals(optimizer)) {
      throw new IllegalArgumentException("unknown optimizer " + optimizer + " (supported: sgd, adam)");
    }
    List<BenchRow> rows = new ArrayList<>();
    for (int count : paramCounts) {
      if (chunks < 1 || chunks > count) {
        throw new IllegalArgumentException("chunks must be between 1 and the parameter count " + count);
      }
      rows.add(runOne(optimizer, count, chunks, parameters));
    }
    return rows;
  }

  /** Seeded random model data for one step, and the plain integer step's time on it. */
  private record Workload(long[] w, long[] m, long[] v, long[] g, AdamRule adam, SgdRule sgd, double plainMillis) {
    StepStatement statement(int count, int chunk, int from, int to) {
      return adam != null
          ? StepStatement.adam(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon(), adam.clip(), 9, count, chunk,
              from, to - from)
          : StepStatement.sgd(sgd.learningRate(), sgd.clip(), 9, count, chunk, from, to - from);
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
    if ("adam".equals(optimizer)) {
      AdamRule rule = AdamRule.of(1e-3, 0.9, 0.999, 1e-8, 0.99);
      long[] m = new long[count];
      long[] v = new long[count];
      for (int i = 0; i < count; i++) {
        m[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.05);
        v[i] = (long) (r.nextDouble() * 0.0025 * 0x1p64);
      }
      long t0 = System.nanoTime();
      rule.apply(new AdamState(w, m, v), g, 9);
      return new Workload(w, m, v, g, rule, null, (System.nanoTime() - t0) / 1e6);
    }
    SgdRule rule = SgdRule.of(1e-3, 1.0);
    long t0 = System.nanoTime();
    rule.apply(w, g);
    return new Workload(w, new long[0], new long[0], g, null, rule, (System.nanoTime() - t0) / 1e6);
  }

  private static BenchRow runOne(String optimizer, int count, int chunks, ParameterChoice parameters)
      throws VerificationException {
    SecretBytes master = SecretBytes.random(32, new java.security.SecureRandom());
    Workload work;
    try {
      work = workload(optimizer, count);
    } catch (CoreException e) {
      throw new IllegalStateException("the benchmark's own data is outside the rule's ranges", e);
    }
    double prove = 0;
    double verify = 0;
    int bytes = 0;
    double bits = Double.MAX_VALUE;
    long peak = 0;
    Map<String, Double> phases = new LinkedHashMap<>();
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) count * c / chunks);
      int to = (int) ((long) count * (c + 1) / chunks);
      StepWitness witness = work.witness(from, to, BlindingSeed.derive(master, c, 9), BlindingSeed.derive(master, c, 10));
      StarkBackend.Prepared prepared = StarkBackend.prepare(work.statement(count, c, from, to), witness);
      CompiledAir ca = CompiledAir.of(prepared.air());
      ProofParameters params = parameters.choose(ca);
      System.gc();
      resetPeaks();
      long p0 = System.nanoTime();
      StarkProver.Profiled profiled = new StarkProver(params, RandomSource.secure()).proveProfiled(prepared.air(),
          prepared.trace(), Map.of(StepAir.STATE_IN, witness.stateInSeed(), StepAir.STATE_OUT, witness.stateOutSeed()));
      prove += (System.nanoTime() - p0) / 1e6;
      peak = Math.max(peak, peakHeap());
      StepProof proof = StarkBackend.withPublicInputs(prepared.air(), profiled.proof());
      long v0 = System.nanoTime();
      new StarkBackend().verify(proof.proof(), proof.publicInputs(), VerificationPolicy.insecureAcceptAnyParameters());
      verify += (System.nanoTime() - v0) / 1e6;
      bytes += proof.proof().length;
      bits = Math.min(bits, SecurityBound.bits(ProofShape.of(params, ca), ca));
      profiled.phaseNanos().forEach((k, v) -> phases.merge(k, v / 1e6, Double::sum));
    }
    return new BenchRow(count, prove, verify, bytes, bits, peak, work.plainMillis(), phases);
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
    s.append(String.format(Locale.ROOT, "%12s %10s %10s %12s %8s %10s %10s%n", "parameters", "prove", "verify",
        "proof size", "bits", "peak heap", "vs plain"));
    for (BenchRow r : rows) {
      s.append(String.format(Locale.ROOT, "%12d %9.2fs %8.1fms %10.1fKB %8.1f %8.2fGB %9.0fx%n", r.parameters(),
          r.proveMillis() / 1000, r.verifyMillis(), r.proofBytes() / 1024.0, r.provenBits(), r.peakHeapBytes() / 1e9,
          r.ratio()));
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
