package dev.zkautograd.cli;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.generator.verify.RunVerification;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
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

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
      description = "ask dynamodb anchors here instead of the endpoint their receipts record (credentials: the standard AWS chain)")
  URI dynamoDbEndpoint;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "ask object-store anchors (OCI Object Storage's S3 API, S3) here instead of the endpoint their receipts record")
  URI objectStoreEndpoint;

  @Option(names = "--evm-rpc", paramLabel = "URL",
      description = "JSON-RPC endpoint of the chain that evm anchor receipts name (a receipt names a chain, not a node): the "
          + "RunAnchor's events there must be the receipt; without it evm receipts are not reachable")
  String evmRpc;

  @Option(names = "--evm-contract", paramLabel = "ADDRESS",
      description = "the RunAnchor contract you trust: an evm receipt naming another one is a mismatch (without it, the receipt's own)")
  String evmContract;

  @Option(names = "--no-anchor-recheck", description = "do not ask any anchor (offline audit): anchors.recheck is then skipped")
  boolean noAnchorRecheck;

  @Option(names = "--torrent", paramLabel = "FILE",
      description = "check this .torrent against the run too (default: DIR.torrent beside the run folder, when there is one)")
  Path torrent;

  @Option(names = "--trust-root", paramLabel = "FILE",
      description = "check the run's prover attestation against this root certificate (DER or PEM); without it prover.attestation is skipped")
  Path trustRoot;

  @Option(names = "--pcr", paramLabel = "INDEX=HEX", description = "a PCR value the attestation must carry (repeatable; with --trust-root)")
  java.util.List<String> pcrs = new java.util.ArrayList<>();

  @Option(names = "--freshness", paramLabel = "SECONDS", description = "how far the attestation's time may be from the run's creation (default: ${DEFAULT-VALUE})")
  long freshness = dev.zkautograd.enclave.attestation.AttestationPolicy.DEFAULT_FRESHNESS.toSeconds();

  @Option(names = "--threads", paramLabel = "N", description = "threads that check proofs (default: ${DEFAULT-VALUE})")
  int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  @Option(names = "--key-dir", paramLabel = "DIR", description = "the EZKL key folder (zk-setup-zk) an EZKL run is verified "
      + "with; its files must be the ones the run's manifest records. Ignored for STARK runs, which need no keys")
  Path keyDir;

  /** The proof verifier tests give; null: the one for the run's backend (the STARK, or EZKL with --key-dir). */
  private final StepProofVerifier proofVerifier;

  VerifyCommand() {
    this(null);
  }

  VerifyCommand(StepProofVerifier proofVerifier) {
    this.proofVerifier = proofVerifier;
  }

  @Override
  public Integer call() throws CoreException {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    if (k != null && k < 1) {
      throw new CommandLine.ParameterException(cl, "--k must be at least 1, not " + k);
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1, not " + threads);
    }
    dev.zkautograd.contracts.EvmAnchorResolver evm = evmResolver(cl); // holds nothing until asked
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
    Path torrentFile = torrent != null ? torrent : besideRun(run);
    if (torrent != null && !Files.isRegularFile(torrent)) {
      err.println("zk-autograd verify: --torrent " + torrent + " is not a file");
      return Main.EXIT_BAD_INPUT;
    }
    NoteVerifier pinned = null;
    if (key != null) {
      try {
        pinned = NoteVerifier.parse(key.trim());
      } catch (CoreException e) {
        throw new CommandLine.ParameterException(cl, "--key is not a verifier key: " + e.getMessage());
      }
    }
    if (!pcrs.isEmpty() && trustRoot == null) {
      throw new CommandLine.ParameterException(cl, "--pcr needs --trust-root: a PCR policy means nothing without the root it is signed under");
    }
    dev.zkautograd.core.audit.AttestationVerifier attestation = null;
    if (trustRoot != null) {
      java.security.cert.X509Certificate root;
      try {
        root = DemoProver.readRoot(trustRoot);
      } catch (java.io.IOException | java.security.GeneralSecurityException e) {
        throw new CommandLine.ParameterException(cl, "--trust-root " + trustRoot + " is not a readable X.509 certificate: " + e.getMessage());
      }
      if (freshness < 0) throw new CommandLine.ParameterException(cl, "--freshness must not be negative");
      attestation = new dev.zkautograd.enclave.attestation.RunAttestation(new dev.zkautograd.enclave.attestation.NitroAttestationVerifier(
          new dev.zkautograd.enclave.attestation.AttestationPolicy(root, DemoProver.pcrMap(pcrs, spec), java.time.Duration.ofSeconds(freshness))));
    }
    EzklProofs ezkl = null;
    StepProofVerifier verifier = proofVerifier;
    if (verifier == null) {
      try {
        ezkl = EzklProofs.forRun(run, keyDir, err);
      } catch (EzklProofs.Refused r) {
        return r.exitCode();
      }
      verifier = ezkl == null ? RecordedStepVerifier.stark() : ezkl.verifier();
    } else if (keyDir != null) {
      err.println("zk-autograd verify: --key-dir ignored: the STARK backend needs no keys (this build checks stand-in proofs)");
    }
    ReceiptAnchors anchors = new ReceiptAnchors(anchorDir, dynamoDbEndpoint, objectStoreEndpoint)
        .with(evm);
    RunVerification.Request request = new RunVerification.Request(k, k == null ? 0 : seed != null ? seed : new SecureRandom().nextLong(),
        pinned, allowOpen, noAnchorRecheck ? null : anchorDir, torrentFile, attestation, noAnchorRecheck ? null : anchors);
    ProgressOnStderr progress = new ProgressOnStderr(err, PROGRESS_MIN_UNITS);
    AuditReport report;
    try {
      report = new RunVerification(verifier, threads).audit(run, request, progress);
    } catch (dev.zkautograd.ezkl.UncheckedEzklException e) {
      err.println("zk-autograd verify: the EZKL worker failed, so the proofs could not be checked: " + e.getMessage());
      return Main.EXIT_BAD_INPUT;
    } finally {
      progress.end(); // the bar is off stderr before the report is printed
      anchors.close();
      if (ezkl != null) ezkl.close();
    }
    if (json) {
      out.println(Json.writeString(report.toJson()));
    } else {
      new ReportTable(report, run).print(out);
    }
    out.flush();
    return report.passed() ? 0 : Main.EXIT_CHECK_FAILED;
  }

  private dev.zkautograd.contracts.EvmAnchorResolver evmResolver(CommandLine cl) {
    try {
      return new dev.zkautograd.contracts.EvmAnchorResolver(evmRpc, evmContract);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--evm-contract: " + e.getMessage());
    }
  }

  /** {@code DIR.torrent} beside the run folder {@code DIR} (the site's layout: files/RUN/ and files/RUN.torrent), or null. */
  static Path besideRun(Path run) {
    Path abs = run.toAbsolutePath().normalize();
    if (abs.getFileName() == null) return null;
    Path t = abs.resolveSibling(abs.getFileName() + ".torrent");
    return Files.isRegularFile(t) ? t : null;
  }
}
