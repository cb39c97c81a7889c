package dev.zkautograd.ezkl;

import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.ezkl.worker.WorkerLaunch;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test JVM's one real worker and the key folders made once per build (under {@code
 * target/ezkl-test-keys}, reused by every test class and by later runs while their digests hold).
 * The worker runs in the project's {@code .venv}, which {@code scripts/test.sh} installs; without it
 * these tests fail with the install command in the message rather than being skipped.
 */
public final class TestWorkers {
  /** The circuit every proof test uses: Adam over 16 parameters, small enough for a 2-core budget. */
  public static final int DIM = 16;

  private static EzklWorker worker;

  private TestWorkers() {}

  /** The shared worker (closed when the JVM exits). */
  public static synchronized EzklWorker worker() throws EzklException {
    if (worker == null) {
      worker = EzklWorker.start(WorkerLaunch.locate());
      EzklWorker w = worker;
      Runtime.getRuntime().addShutdownHook(new Thread(w::close));
    }
    return worker;
  }

  /** The Adam key folder for {@link #DIM} parameters, made on first use and checked for proving. */
  public static synchronized KeyDirectory adamKeys() throws Exception {
    return keys(CircuitKind.ADAM, DIM);
  }

  /** A key folder, made on first use and checked for proving. */
  public static synchronized KeyDirectory keys(CircuitKind kind, int dim) throws Exception {
    Path dir = Path.of(System.getProperty("zk.ezkl.test-keys", "target/ezkl-test-keys")).resolve(kind.id() + "-" + dim);
    if (Files.exists(dir.resolve(KeyDirectory.DESCRIPTION))) {
      try {
        return KeyDirectory.read(dir).checked(KeyDirectory.Use.PROVE);
      } catch (EzklException stale) {
        // made by an older build: make it again
      }
    }
    return new EzklSetup(kind, dim, EzklSetup.DEFAULT_SCALE, dir, null, null).run(worker()).checked(KeyDirectory.Use.PROVE);
  }
}
