package dev.zkautograd.ezkl;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.ProvenChunk;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The EZKL half of {@code zk-autograd bench --backend ezkl,stark}: for each size, keys for one chunk
 * of that many parameters (made once under a key root and reused), then one step proven on seeded
 * random data in a fresh worker, verified, and the worker's peak resident memory read from the
 * kernel. Not a unit test: figures are only printed.
 */
public final class EzklBench {
  private EzklBench() {}

  /**
   * One size's figures.
   *
   * @param setupMillis time of the setup, 0 when the keys were already there
   * @param peakRssBytes the proving worker's peak resident set (VmHWM), or -1 where the kernel does not say
   */
  public record Row(int parameters, int logrows, double setupMillis, double proveMillis, double verifyMillis, int proofBytes,
      long peakRssBytes, long provingKeyBytes) {}

  /** Runs the benchmark for {@code optimizer} ("sgd" or "adam") at each size, with keys under {@code keyRoot}. */
  public static List<Row> run(String optimizer, List<Integer> sizes, Path keyRoot, Consumer<String> progress)
      throws EzklException, VerificationException {
    CircuitKind kind = CircuitKind.ofId(optimizer);
    if (kind == null) {
      throw new IllegalArgumentException("unknown optimizer " + optimizer + " (supported: sgd, adam)");
    }
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      Path dir = keyRoot.resolve(kind.id() + "-" + n);
      long t0 = System.nanoTime();
      KeyDirectory keys;
      boolean made = !Files.exists(dir.resolve(KeyDirectory.DESCRIPTION));
      progress.accept((made ? "setting up" : "checking") + " EZKL keys for " + n + " parameters in " + dir);
      try (EzklWorker setup = EzklWorker.start(WorkerLaunch.locate())) {
        keys = EzklSetup.ensure(dir, kind, n, null, setup);
      }
      double setupMillis = made ? (System.nanoTime() - t0) / 1e6 : 0;
      progress.accept("proving " + n + " parameters with EZKL (2^" + keys.logrows() + " rows)");
      try (EzklWorker worker = EzklWorker.start(WorkerLaunch.locate()); EzklBackend backend = EzklBackend.of(keys, worker)) {
        StepStatement statement = statement(kind, n);
        long p0 = System.nanoTime();
        ProvenChunk proven = backend.proveChunk(statement, witness(kind, n));
        double prove = (System.nanoTime() - p0) / 1e6;
        long v0 = System.nanoTime();
        backend.verify(proven.proof().proof(), proven.proof().publicInputs(), VerificationPolicy.DEFAULT);
        double verify = (System.nanoTime() - v0) / 1e6;
        rows.add(new Row(n, keys.logrows(), setupMillis, prove, verify, proven.proof().proof().length, peakRss(worker.pid()),
            size(keys.file(KeyDirectory.PROVING_KEY))));
      }
    }
    return rows;
  }

  private static final AdamRule ADAM = AdamRule.of(1e-3, 0.9, 0.999, 1e-8, 0.99);
  private static final SgdRule SGD = SgdRule.of(1e-3, 1.0);

  private static StepStatement statement(CircuitKind kind, int n) {
    return kind == CircuitKind.ADAM
        ? StepStatement.adam(ADAM.learningRate(), ADAM.beta1(), ADAM.beta2(), ADAM.epsilon(), ADAM.clip(), 9, n, 0, 0, n)
        : StepStatement.sgd(SGD.learningRate(), SGD.clip(), 9, n, 0, 0, n);
  }

  /** The same seeded data as the STARK's bench: weights in [-1, 1], gradients in [-0.05, 0.05], small moments. */
  private static StepWitness witness(CircuitKind kind, int n) {
    Random r = new Random(n);
    long[] w = new long[n];
    long[] g = new long[n];
    long[] m = new long[n];
    long[] u = new long[n];
    for (int i = 0; i < n; i++) {
      w[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 2);
      g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.1);
      m[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 0.05);
      u[i] = (long) (r.nextDouble() * 0x1p54); // u = v/(1 - beta2) up to 1.0, in the u/2^10 slot
    }
    SecretBytes master = SecretBytes.random(32, new java.security.SecureRandom());
    BlindingSeed in = BlindingSeed.derive(master, 0, 9);
    BlindingSeed out = BlindingSeed.derive(master, 0, 10);
    return kind == CircuitKind.ADAM ? StepWitness.adam(w, m, u, g, in, out) : new StepWitness(w, g, in, out);
  }

  /** VmHWM of a process, in bytes (Linux), or -1. */
  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
