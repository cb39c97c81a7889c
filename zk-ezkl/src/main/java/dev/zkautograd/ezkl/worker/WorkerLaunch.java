package dev.zkautograd.ezkl.worker;

import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.EzklException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * How a worker is started: the Python interpreter of the project-local environment and the worker
 * script, with the time a fresh worker may take to answer {@code hello} (importing EZKL).
 *
 * @param python the interpreter, normally {@code .venv/bin/python} of the repository
 * @param script the worker script {@code zk_ezkl_worker.py}
 */
public record WorkerLaunch(Path python, Path script, Duration startTimeout) {
  /** System property naming the interpreter; the launcher and the tests set it. */
  public static final String PYTHON_PROPERTY = "zk.ezkl.python";

  /** Environment variable naming the interpreter, when the property is not set. */
  public static final String PYTHON_ENV = "ZK_EZKL_PYTHON";

  /** The command that installs the environment, for error messages. */
  public static final String INSTALL_HINT = "install it from the repository root with: bash -c 'source scripts/setup/30-python.sh'";

  private static final String RESOURCE = "zk_ezkl_worker.py";

  /** The command line of the worker process. */
  List<String> command() {
    // -u: unbuffered; -I: isolated (no user site-packages, no PYTHON* variables, no script-dir on sys.path).
    return List.of(python.toString(), "-u", "-I", script.toString());
  }

  /**
   * The interpreter named by {@value #PYTHON_PROPERTY}, {@value #PYTHON_ENV} or else {@code
   * .venv/bin/python} under the working directory, with the worker script written from this jar to a
   * private temporary file.
   *
   * @throws EzklException WORKER_UNAVAILABLE if there is no such interpreter
   */
  public static WorkerLaunch locate() throws EzklException {
    String named = System.getProperty(PYTHON_PROPERTY);
    if (named == null || named.isBlank()) {
      named = System.getenv(PYTHON_ENV);
    }
    Path python = named == null || named.isBlank() ? Path.of(".venv", "bin", "python").toAbsolutePath() : Path.of(named);
    if (!Files.isExecutable(python)) {
      throw EzklException.of(Reason.WORKER_UNAVAILABLE, "the EZKL backend needs the project's Python environment, and there is no "
          + "interpreter at " + python + "; " + INSTALL_HINT);
    }
    return new WorkerLaunch(python, extractScript(), Duration.ofSeconds(120));
  }

  /** The worker script of this jar, copied to a temporary file only its owner can read. */
  static Path extractScript() throws EzklException {
    try (InputStream in = WorkerLaunch.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw EzklException.of(Reason.WORKER_UNAVAILABLE, "the worker script " + RESOURCE + " is missing from the zk-ezkl jar");
      }
      Path file;
      try {
        file = Files.createTempFile("zk_ezkl_worker", ".py", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        file = Files.createTempFile("zk_ezkl_worker", ".py");
      }
      Files.write(file, in.readAllBytes());
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw EzklException.of(Reason.WORKER_UNAVAILABLE, "cannot write the worker script to a temporary file: " + e.getMessage(), e);
    }
  }
}
