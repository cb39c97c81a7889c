package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.ezkl.EzklBackend;
import dev.zkautograd.ezkl.EzklException;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.generator.verify.ProofVerifiers;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EZKL side of {@code verify} and {@code serve}: the key folder given with {@code --key-dir},
 * checked against the digests a run's manifest records before any of its proofs is verified, and a
 * worker to verify with. {@code verify} opens it for one run ({@link #forRun}); {@code serve} once
 * for every run it verifies ({@link #open}, {@link #byBackend}).
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

  /** The key folder for verifying any run proven with it: checked against keys.json, a worker started. */
  static EzklProofs open(Path keyDir) throws EzklException {
    return new EzklProofs(EzklBackend.open(keyDir, KeyDirectory.Use.VERIFY));
  }

  /** Whether the folder's SRS is a development one (ezkl.gen_srs). */
  boolean developmentSrs() {
    return backend.keys().trustedSetup().developmentSrs();
  }

  StepProofVerifier verifier() {
    return new RecordedStepVerifier(backend, VerificationPolicy.DEFAULT, Backend.EZKL);
  }

  /**
   * The STARK verifier for STARK runs and this folder's EZKL verifier for EZKL runs: for a run whose
   * manifest records other keys, one that fails every proof naming the file that differs; for a
   * proof without its run, the folder's keys as they are (the proof verifies only if made with them).
   */
  ProofVerifiers byBackend() {
    StepProofVerifier stark = RecordedStepVerifier.stark();
    StepProofVerifier ezkl = verifier();
    return (b, setup) -> {
      if (b != Backend.EZKL) return stark;
      if (setup == null) return ezkl;
      try {
        backend.keys().requireSetup(setup);
        return ezkl;
      } catch (EzklException e) {
        return otherKeys(e);
      }
    };
  }

  /** Fails every proof: the keys are not the run's, so no proof of it can be checked with them. */
  private static StepProofVerifier otherKeys(EzklException why) {
    return new StepProofVerifier() {
      @Override
      public void verify(StepRecord record, ChunkEntry chunk, byte[] proof) throws CoreException {
        throw CoreException.of(CoreException.Reason.PROOF_INVALID, "not verified with this service's EZKL keys, which are not "
                + "the ones the run was proven with (its manifest's trusted_setup): " + why.getMessage())
            .file(chunk.proof().value()).step(record.step()).field("trusted_setup").build(why);
      }

      @Override
      public boolean supports(Backend b) {
        return b == Backend.EZKL;
      }
    };
  }

  @Override
  public void close() {
    backend.close();
  }
}
