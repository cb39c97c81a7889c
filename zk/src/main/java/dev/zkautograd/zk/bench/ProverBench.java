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
   * Runs the benchmark.
   *
   * @param optimizer "sgd" or "adam"
   * @param paramCounts parameter counts to prove (each at most 2^20 for the 100-bit preset)
   * @param parameters how each size's proof parameters are chosen
   */
  public static List<BenchRow> run(String optimizer, List<Integer> paramCounts, ParameterChoice parameters)
      throws VerificationException {
    if (!"sgd".equals(optimizer) && !"adam".equals(optimizer)) {
      throw new IllegalArgumentException("unknown optimizer " + optimizer + " (supported: sgd, adam)");
    }
    List<BenchRow> rows = new ArrayList<>();
    for (int count : paramCounts) {
      rows.add(runOne(optimizer, count, parameters));
    }
    return rows;
  }

  /** One step's statement and witness on seeded random data, and the plain integer step's time. */
  private record Workload(StepStatement statement, StepWitness witness, double plainMillis) {}

  private static Workload workload(String optimizer, int count, SecretBytes master) throws CoreException {
    Random r = new Random(count);
    long[] w = new long[count];
    long[] g = new long[count];
    for (int i = 0; i < count; i++) {
      w[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 2);
      g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.1);
    }
    BlindingSeed in = BlindingSeed.derive(master, 0, 0);
    BlindingSeed out = BlindingSeed.derive(master, 0, 1);
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
      double plain = (System.nanoTime() - t0) / 1e6;
      return new Workload(StepStatement.adam(rule.learningRate(), rule.beta1(), rule.beta2(), rule.epsilon(), rule.clip(), 9,
          count, 0, 0, count), StepWitness.adam(w, m, v, g, in, out), plain);
    }
    SgdRule rule = SgdRule.of(1e-3, 1.0);
    long t0 = System.nanoTime();
    rule.apply(w, g);
    double plain = (System.nanoTime() - t0) / 1e6;
    return new Workload(StepStatement.sgd(rule.learningRate(), rule.clip(), 0, count, 0, 0, count),
        new StepWitness(w, g, in, out), plain);
  }

  private static BenchRow runOne(String optimizer, int count, ParameterChoice parameters) throws VerificationException {
    SecretBytes master = SecretBytes.random(32, new java.security.SecureRandom());
    Workload work;
    try {
      work = workload(optimizer, count, master);
    } catch (CoreException e) {
      throw new IllegalStateException("the benchmark's own data is outside the rule's ranges", e);
    }
    StarkBackend.Prepared prepared = StarkBackend.prepare(work.statement(), work.witness());
    CompiledAir ca = CompiledAir.of(prepared.air());
    ProofParameters params = parameters.choose(ca);
    System.gc();
    resetPeaks();
    long p0 = System.nanoTime();
    StarkProver prover = new StarkProver(params, RandomSource.secure());
    StarkProver.Profiled profiled = prover.proveProfiled(prepared.air(), prepared.trace(),
        Map.of(StepAir.STATE_IN, work.witness().stateInSeed(), StepAir.STATE_OUT, work.witness().stateOutSeed()));
    double prove = (System.nanoTime() - p0) / 1e6;
    long peak = peakHeap();
    StepProof proof = StarkBackend.withPublicInputs(prepared.air(), profiled.proof());
    long v0 = System.nanoTime();
    new StarkBackend().verify(proof.proof(), proof.publicInputs(), VerificationPolicy.insecureAcceptAnyParameters());
    double verify = (System.nanoTime() - v0) / 1e6;
    double bits = SecurityBound.bits(ProofShape.of(params, ca), ca);
    Map<String, Double> phases = new LinkedHashMap<>();
    profiled.phaseNanos().forEach((k, v) -> phases.put(k, v / 1e6));
    return new BenchRow(count, prove, verify, proof.proof().length, bits, peak, work.plainMillis(), phases);
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
