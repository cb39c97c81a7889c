package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.RunLayout;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zk-autograd verify}: audits a run directory ({@link RunAudit}) and prints a table of every
 * check, or the report as canonical JSON. Exit 0 only when no check failed, 1 when one did, 2 when
 * the input cannot be used at all (no such folder, no run_manifest.json, a bad option).
 * {@code docs/verify.md} describes the checks and the output.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Checks a run directory: the manifest and its signature, every step record, the hash chain, the state-root "
        + "chain, the Merkle root, the signed checkpoint, every file's size and SHA-256, the anchors, and then the proofs of all "
        + "steps (or of --k sampled ones). Prints one row per check; exits 0 only when no check failed.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every check passed (skipped checks are listed, and are not passes)", "1:a check failed",
        "2:unusable input: no such run directory, no run_manifest.json, or a bad option", "3:internal error (a bug)"})
final class VerifyCommand implements Callable<Integer> {
  /** Phases shorter than this many files or steps get no progress bar. */
  static final int PROGRESS_MIN_UNITS = 32;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "the run directory")
  Path run;

  @Option(names = "--k", paramLabel = "N", description = "check the proofs of N steps drawn at random (default: all steps)")
  Long k;

  @Option(names = "--seed", paramLabel = "S", description = "seed that draws the --k steps (default: a random one, printed)")
  Long seed;

  @Option(names = "--json", description = "print the report as canonical JSON instead of a table")
  boolean json;

  @Option(names = "--key", paramLabel = "VKEY",
      description = "pin the run's key (C2SP verifier key zk-autograd/<run-id>+<id>+<base64>); without it signatures are "
          + "checked with the key the run itself names")
  String key;

  @Option(names = "--allow-open", description = "let an unfinished run pass (its prefix is checked either way)")
  boolean allowOpen;

  @Option(names = "--anchor-dir", paramLabel = "DIR", description = "re-check file-counter anchor receipts against this anchor folder")
  Path anchorDir;

  @Option(names = "--trust-root", paramLabel = "FILE",
      description = "check the run's prover attestation against this root certificate (DER or PEM); without it prover.attestation is skipped")
  Path trustRoot;

  @Option(names = "--pcr", paramLabel = "INDEX=HEX", description = "a PCR value the attestation must carry (repeatable; with --trust-root)")
  java.util.List<String> pcrs = new java.util.ArrayList<>();

  @Option(names = "--freshness", paramLabel = "SECONDS", description = "how far the attestation's time may be from the run's creation (default: ${DEFAULT-VALUE})")
  long freshness = dev.zkautograd.enclave.attestation.AttestationPolicy.DEFAULT_FRESHNESS.toSeconds();

  @Option(names = "--threads", paramLabel = "N", description = "threads that check proofs (default: ${DEFAULT-VALUE})")
  int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  @Option(names = "--key-dir", paramLabel = "DIR", description = "accepted for the seed's zk-verify and ignored: the STARK backend needs no keys")
  Path keyDir;

  /** The proof system this build verifies with; none until the zk module plugs in its STARK verifier. */
  private final StepProofVerifier proofVerifier;

  VerifyCommand() {
    this(RecordedStepVerifier.stark());
  }

  VerifyCommand(StepProofVerifier proofVerifier) {
    this.proofVerifier = proofVerifier;
  }

  @Override
  public Integer call() throws CoreException {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    if (keyDir != null) {
      err.println("zk-autograd verify: --key-dir ignored: the STARK backend needs no keys (the EZKL backend will use them)");
    }
    if (k != null && k < 1) {
      throw new CommandLine.ParameterException(cl, "--k must be at least 1, not " + k);
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1, not " + threads);
    }
    if (!Files.isDirectory(run)) {
      err.println("zk-autograd verify: not a run directory: " + run + (Files.exists(run) ? " is not a folder" : " does not exist"));
      return Main.EXIT_BAD_INPUT;
    }
    if (!Files.exists(run.resolve(RunLayout.MANIFEST))) {
      err.println("zk-autograd verify: not a run directory: no " + RunLayout.MANIFEST + " in " + run);
      return Main.EXIT_BAD_INPUT;
    }
    if (anchorDir != null && !Files.isDirectory(anchorDir)) {
      err.println("zk-autograd verify: --anchor-dir " + anchorDir + " is not a folder");
      return Main.EXIT_BAD_INPUT;
    }
    AuditOptions.Builder options = AuditOptions.builder().proofVerifier(proofVerifier).allowOpen(allowOpen);
    if (key != null) {
      try {
        options.pinnedKey(NoteVerifier.parse(key.trim()));
      } catch (CoreException e) {
        throw new CommandLine.ParameterException(cl, "--key is not a verifier key: " + e.getMessage());
      }
    }
    if (k != null) {
      options.sample(k, seed != null ? seed : new SecureRandom().nextLong());
    }
    if (anchorDir != null) {
      options.anchors(List.of(new FileCounterAnchor(anchorDir)));
    }
    if (!pcrs.isEmpty() && trustRoot == null) {
      throw new CommandLine.ParameterException(cl, "--pcr needs --trust-root: a PCR policy means nothing without the root it is signed under");
    }
    if (trustRoot != null) {
      java.security.cert.X509Certificate root;
      try {
        root = DemoProver.readRoot(trustRoot);
      } catch (java.io.IOException | java.security.GeneralSecurityException e) {
        throw new CommandLine.ParameterException(cl, "--trust-root " + trustRoot + " is not a readable X.509 certificate: " + e.getMessage());
      }
      if (freshness < 0) throw new CommandLine.ParameterException(cl, "--freshness must not be negative");
      options.attestation(new dev.zkautograd.enclave.attestation.RunAttestation(new dev.zkautograd.enclave.attestation.NitroAttestationVerifier(
          new dev.zkautograd.enclave.attestation.AttestationPolicy(root, DemoProver.pcrMap(pcrs, spec), java.time.Duration.ofSeconds(freshness)))));
    }
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, VerifyCommand::daemon) : null;
    ProgressOnStderr progress = new ProgressOnStderr(err, PROGRESS_MIN_UNITS);
    AuditReport report;
    try {
      report = RunAudit.audit(run, options.progress(progress).executor(pool).build());
    } finally {
      progress.end(); // the bar is off stderr before the report is printed
      if (pool != null) pool.shutdownNow();
    }
    if (json) {
      out.println(Json.writeString(report.toJson()));
    } else {
      new ReportTable(report, run).print(out);
    }
    out.flush();
    return report.passed() ? 0 : Main.EXIT_CHECK_FAILED;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "zk-verify-proofs");
    t.setDaemon(true);
    return t;
  }
}
