package dev.zkautograd.cli;

import dev.zkautograd.core.run.TrustedSetup;
import dev.zkautograd.ezkl.CircuitKind;
import dev.zkautograd.ezkl.EzklBackend;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklSetup;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import dev.zkautograd.trainer.ProvenRule;
import dev.zkautograd.zk.proving.StepProver;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.ParseResult;

/**
 * The demo's proof system when it is EZKL: smaller defaults (EZKL proves vectors of tens of values in
 * seconds, not millions), {@code EZKL_CHUNKS}, and the key folder, made with a development SRS when
 * missing. The STARK needs none of this.
 */
final class EzklDemo {
  static final int PARAMS = 32;
  static final int CHUNKS = 2;
  static final int STEPS = 4;
  /** Adam's ε on EZKL's grid: where g² is below one unit, the step is m̂/ε, so ε must not be one unit (docs/ezkl-backend.md). */
  static final double EPS = 1e-3;

  private final DemoCommand demo;

  private EzklDemo(DemoCommand demo) {
    this.demo = demo;
  }

  /** The opened EZKL backend: the in-process step prover over it, and its trusted setup; closing stops both. */
  record Opened(EzklBackend backend, StepProver prover, TrustedSetup trustedSetup) implements AutoCloseable {
    @Override
    public void close() {
      prover.close();
      backend.close();
    }
  }

  /** Applies the EZKL defaults to the options the user did not give. */
  static EzklDemo defaults(ParseResult given, DemoCommand demo) {
    if (!given.hasMatchedOption("--params")) demo.params = PARAMS;
    if (!given.hasMatchedOption("--steps")) demo.steps = STEPS;
    if (!given.hasMatchedOption("--eps")) demo.ruleOptions.eps = EPS;
    if (!given.hasMatchedOption("--chunks")) {
      String env = System.getenv("EZKL_CHUNKS");
      demo.chunks = env == null || env.isBlank() ? CHUNKS : parseChunks(env);
    }
    return new EzklDemo(demo);
  }

  private static int parseChunks(String env) {
    try {
      return Integer.parseInt(env.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("EZKL_CHUNKS='" + env + "' is not a number of chunks");
    }
  }

  /** Starts the worker, makes or checks the keys, and returns the backend (which stops the worker when closed). */
  Opened open(ProvenRule rule, PrintWriter o) throws EzklException {
    CircuitKind kind = CircuitKind.ofId(rule.spec().kind());
    int dim = (demo.params + demo.chunks - 1) / demo.chunks;
    Path keyDir = demo.keyDir;
    EzklWorker worker = EzklWorker.start(WorkerLaunch.locate());
    try {
      KeyDirectory keys;
      if (!java.nio.file.Files.exists(keyDir.resolve(KeyDirectory.DESCRIPTION))) {
        o.printf("no EZKL keys in %s: making them (zk-setup-zk --circuit %s --dim %d --out %s)%n", keyDir, kind.id(), dim, keyDir);
        o.flush();
        try (Ticker t = new Ticker("EZKL setup")) {
          keys = EzklSetup.ensure(keyDir, kind, dim, demo.srs, worker);
        }
      } else {
        keys = EzklSetup.ensure(keyDir, kind, dim, demo.srs, worker);
      }
      if (keys.developmentSrs()) {
        o.printf("EZKL keys of %s: %s over %d parameters per chunk, scale 2^-%d, development SRS (not for production)%n", keyDir,
            kind.id(), keys.dim(), keys.scale());
      }
      EzklBackend backend = EzklBackend.owning(keys, worker);
      return new Opened(backend, StepProver.local(backend), keys.trustedSetup());
    } catch (EzklException | RuntimeException e) {
      worker.close();
      throw e;
    }
  }
}
