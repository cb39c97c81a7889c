package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.ezkl.EzklBackend;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code verify}'s EZKL side: for a run whose manifest declares the EZKL backend, the key folder given
 * with {@code --key-dir}, checked against the digests the manifest records before any proof is
 * verified, and a worker to verify with.
 */
final class EzklProofs implements AutoCloseable {
  private final EzklBackend backend;

  private EzklProofs(EzklBackend backend) {
    this.backend = backend;
  }

  /** The run cannot be verified as asked; the message is printed, the exit code returned. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    Refused(int exitCode) {
      super(null, null, false, false);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  /**
   * The EZKL verifier for the run in {@code runDir}, or null when the run is not an EZKL run (or its
   * manifest cannot be read: the audit then reports why).
   */
  static EzklProofs forRun(Path runDir, Path keyDir, PrintWriter err) throws Refused {
    RunSpec spec;
    try {
      spec = SignedManifest.parse(Files.readAllBytes(runDir.resolve(RunLayout.MANIFEST))).manifest().spec();
    } catch (CoreException | IOException e) {
      return null;
    }
    if (spec.backend() != Backend.EZKL) {
      if (keyDir != null) {
        err.println("zk-autograd verify: --key-dir ignored: the STARK backend needs no keys (this run was proven with the STARK)");
      }
      return null;
    }
    if (keyDir == null) {
      err.println("zk-autograd verify: " + runDir + " was proven with EZKL: give its key folder with --key-dir (the keys of "
          + "zk-setup-zk whose digests the run's manifest records)");
      throw new Refused(Main.EXIT_BAD_INPUT);
    }
    if (spec.trustedSetup().developmentSrs()) {
      err.println("zk-autograd verify: warning: this run's proofs rest on a development SRS (ezkl.gen_srs): they convince only "
          + "whoever made that SRS; a ceremony SRS is needed for anyone else");
    }
    try {
      KeyDirectory keys = KeyDirectory.read(keyDir);
      keys.requireSetup(spec.trustedSetup());
      return new EzklProofs(EzklBackend.open(keyDir, KeyDirectory.Use.VERIFY));
    } catch (EzklException e) {
      err.println("zk-autograd verify: --key-dir " + keyDir + ": " + e.getMessage());
      throw new Refused(e.reason() == EzklException.Reason.KEY_MISMATCH ? Main.EXIT_CHECK_FAILED : Main.EXIT_BAD_INPUT);
    }
  }

  StepProofVerifier verifier() {
    return new RecordedStepVerifier(backend, VerificationPolicy.DEFAULT, Backend.EZKL);
  }

  @Override
  public void close() {
    backend.close();
  }
}
