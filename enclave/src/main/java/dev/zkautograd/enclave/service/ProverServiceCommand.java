package dev.zkautograd.enclave.service;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.enclave.attestation.AttestationException;
import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.Attestor;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.LocalCertificates;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import dev.zkautograd.enclave.attestation.NsmAttestor;
import dev.zkautograd.enclave.keyrelease.AwsKmsKeyRelease;
import dev.zkautograd.enclave.keyrelease.KeyRelease;
import dev.zkautograd.enclave.keyrelease.KeyReleaseException;
import dev.zkautograd.enclave.keyrelease.LocalFileKeyRelease;
import dev.zkautograd.zk.backend.StarkBackend;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code zk-autograd prover-service} (and the enclave image's own main, {@link #main}): obtains the
 * step-signing key by key release, starts the {@link ProverService} and serves until stopped
 * ({@code docs/prover-service.md}). Exit 2 for bad options, 1 when the key is refused (the prover's
 * attestation fails the policy), 3 for a bug.
 */
@Command(name = "prover-service", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs the prover service: proves and signs steps for trainers over prover protocol v1 (docs/formats/prover-protocol.md).")
public final class ProverServiceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks one)")
  int port = ProverServiceConfig.DEFAULT_PORT;

  @Option(names = "--bind", description = "address to listen on (default: ${DEFAULT-VALUE}); the protocol is for loopback or vsock links")
  String bind = "127.0.0.1";

  @Option(names = "--state-dir", description = "private folder: local attestation root, local key file (default: ${DEFAULT-VALUE})")
  Path stateDir = Path.of("artifacts/.prover");

  @Option(names = "--attestor", description = "local (test root in --state-dir) or nsm (/dev/nsm in a Nitro enclave) (default: ${DEFAULT-VALUE})")
  String attestor = "local";

  @Option(names = "--key-release", description = "local (a key file in --state-dir) or aws-kms (default: ${DEFAULT-VALUE})")
  String keyRelease = "local";

  @Option(names = "--kms-key-id", description = "aws-kms: the KMS key the seed is sealed under")
  String kmsKeyId;

  @Option(names = "--kms-sealed-seed", description = "aws-kms: file holding the CiphertextBlob of Encrypt(key, 32-byte seed)")
  Path kmsSealedSeed;

  @Option(names = "--kms-region", description = "aws-kms: region (default: ${DEFAULT-VALUE})")
  String kmsRegion = "us-east-1";

  @Option(names = "--kms-endpoint", description = "aws-kms: endpoint URL, e.g. the vsock-proxy's local end")
  URI kmsEndpoint;

  @Option(names = "--trust-root", description = "root the service's own attestation must chain to before it asks for its key "
      + "(default: the local root in --state-dir)")
  Path trustRoot;

  @Option(names = "--pcr", paramLabel = "INDEX=HEX", description = "PCR value the service's own attestation must carry before key release (repeatable)")
  List<String> pcrs = new ArrayList<>();

  @Option(names = "--max-frame-mib", description = "largest frame payload (default: ${DEFAULT-VALUE})")
  int maxFrameMib = 64;

  @Option(names = "--read-timeout", description = "seconds a started frame may take (default: ${DEFAULT-VALUE})")
  long readTimeout = 30;

  @Option(names = "--idle-timeout", description = "seconds a connection may stay silent (default: ${DEFAULT-VALUE})")
  long idleTimeout = 300;

  @Option(names = "--max-connections", description = "connections served at once (default: ${DEFAULT-VALUE})")
  int maxConnections = 16;

  @Option(names = "--max-queue", description = "steps that may wait to be proven (default: ${DEFAULT-VALUE})")
  int maxQueue = 8;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    Attestor a;
    try {
      a = switch (attestor) {
        case "local" -> LocalAttestor.open(stateDir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
        case "nsm" -> NsmAttestor.open();
        default -> throw new CommandLine.ParameterException(cl, "--attestor: '" + attestor + "' is not local or nsm");
      };
    } catch (AttestationException e) {
      cl.getErr().println("prover-service: no attestor: " + e.getMessage());
      return 2;
    }
    Path rootFile = trustRoot != null ? trustRoot : stateDir.resolve(LocalAttestor.ROOT_CERT);
    if (!Files.exists(rootFile)) throw new CommandLine.ParameterException(cl, "--trust-root " + rootFile + " does not exist");
    Map<Integer, byte[]> policyPcrs = new TreeMap<>();
    for (String p : pcrs) {
      try {
        Map.Entry<Integer, byte[]> e = AttestationPolicy.parsePcr(p);
        policyPcrs.put(e.getKey(), e.getValue());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "--pcr " + p + ": " + e.getMessage());
      }
    }
    NitroAttestationVerifier policy = new NitroAttestationVerifier(new AttestationPolicy(LocalCertificates.parse(Files.readAllBytes(rootFile)),
        policyPcrs, AttestationPolicy.DEFAULT_FRESHNESS));
    KeyRelease release = switch (keyRelease) {
      case "local" -> new LocalFileKeyRelease(stateDir.resolve("step-signing.key"));
      case "aws-kms" -> {
        if (kmsKeyId == null || kmsSealedSeed == null) throw new CommandLine.ParameterException(cl, "aws-kms needs --kms-key-id and --kms-sealed-seed");
        var b = KmsClient.builder().region(Region.of(kmsRegion)).httpClient(UrlConnectionHttpClient.create());
        if (kmsEndpoint != null) b.endpointOverride(kmsEndpoint);
        yield new AwsKmsKeyRelease(b.build(), kmsKeyId, Files.readAllBytes(kmsSealedSeed));
      }
      default -> throw new CommandLine.ParameterException(cl, "--key-release: '" + keyRelease + "' is not local or aws-kms");
    };
    StepSigner signer;
    try {
      signer = release.release(a, policy);
    } catch (KeyReleaseException e) {
      cl.getErr().println("prover-service: the step-signing key was not released (" + release.describe() + "): " + e.getMessage());
      return 1;
    }
    ProverServiceConfig config = ProverServiceConfig.builder().bind(InetAddress.getByName(bind)).port(port).maxPayload(maxFrameMib << 20)
        .readTimeout(Duration.ofSeconds(readTimeout)).idleTimeout(Duration.ofSeconds(idleTimeout)).maxConnections(maxConnections)
        .maxQueue(maxQueue).build();
    CountDownLatch stopped = new CountDownLatch(1);
    try (ProverService service = ProverService.start(config, new StarkBackend(), signer, a)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        service.close();
        stopped.countDown();
      }));
      cl.getOut().printf("prover-service: listening on %s:%d; step-signing key %s (%s); attestation by %s%n", bind, service.port(),
          signer.keyId(), release.describe(), a.describe());
      if (a instanceof LocalAttestor local) {
        cl.getOut().printf("prover-service: trust root for verifiers: %s; local PCR0 %s%n", stateDir.resolve(LocalAttestor.ROOT_CERT),
            HexFormat.of().formatHex(local.pcrs().get(0)));
      }
      cl.getOut().flush();
      stopped.await();
    }
    return 0;
  }

  /** The enclave image's entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ProverServiceCommand()).execute(args));
  }
}
