package dev.zkautograd.cli;

import dev.zkautograd.core.run.ProverDeclaration;
import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.enclave.attestation.AttestationException;
import dev.zkautograd.enclave.attestation.AttestationPolicy;
import dev.zkautograd.enclave.attestation.LocalAttestor;
import dev.zkautograd.enclave.attestation.NitroAttestationVerifier;
import dev.zkautograd.enclave.attestation.RunAttestation;
import dev.zkautograd.enclave.attestation.VerifiedAttestation;
import dev.zkautograd.enclave.client.ProverClient;
import dev.zkautograd.enclave.keyrelease.KeyReleaseException;
import dev.zkautograd.enclave.keyrelease.LocalFileKeyRelease;
import dev.zkautograd.enclave.protocol.ProtocolException;
import dev.zkautograd.enclave.service.ProverService;
import dev.zkautograd.enclave.service.ProverServiceConfig;
import dev.zkautograd.zk.proving.StepProver;
import dev.zkautograd.zk.backend.StarkBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where the demo's proofs are made: in this process (unsigned), or by the prover service over its
 * protocol — one the demo starts on 127.0.0.1 (a real TCP listener in this JVM, with the local test
 * attestation root and a local key file in {@code <out>/.prover/}) or one already running. With the
 * service, the demo asks for an attestation document over the run's nonce, verifies it against the
 * trust root and PCR policy, and from then on accepts only steps signed by the key it binds.
 */
final class DemoProver implements AutoCloseable {
  private final StepProver prover;
  private final ProverService service;
  private final AttestationPolicy policy;
  private final Path rootFile;

  private DemoProver(StepProver prover, ProverService service, AttestationPolicy policy, Path rootFile) {
    this.prover = prover;
    this.service = service;
    this.policy = policy;
    this.rootFile = rootFile;
  }

  /** @param parameters how the provers this starts pick their proof parameters (fixed ones for runs anchored on chain) */
  static DemoProver open(String kind, String address, Path stateDir, Path trustRoot, List<String> pcrs, CommandSpec spec,
      int chunks, dev.zkautograd.zk.params.ParameterChoice parameters)
      throws IOException {
    StarkBackend backend = new StarkBackend(parameters, dev.zkautograd.zk.prover.RandomSource.secure()).retainingStates(chunks);
    switch (kind) {
      case "local":
        return new DemoProver(StepProver.local(backend), null, null, null);
      case "service":
        try {
          if (address != null) {
            Path root = trustRoot != null ? trustRoot : stateDir.resolve(LocalAttestor.ROOT_CERT);
            if (!Files.exists(root)) {
              throw new ParameterException(spec.commandLine(), "--prover-address needs the service's attestation root: --prover-trust-root FILE");
            }
            return new DemoProver(connect(parse(address, spec)), null, new AttestationPolicy(readRoot(root), pcrMap(pcrs, spec),
                AttestationPolicy.DEFAULT_FRESHNESS), root);
          }
          LocalAttestor attestor = LocalAttestor.open(stateDir, LocalAttestor.defaultPcrs(), Clock.systemUTC());
          AttestationPolicy p = new AttestationPolicy(attestor.root(), pick(LocalAttestor.defaultPcrs(), 0, 1, 2, 8),
              AttestationPolicy.DEFAULT_FRESHNESS);
          StepSigner signer = new LocalFileKeyRelease(stateDir.resolve("step-signing.key")).release(attestor, new NitroAttestationVerifier(p));
          ProverService s = ProverService.start(ProverServiceConfig.builder().port(0).build(),
              backend, signer, attestor);
          try {
            return new DemoProver(connect(new InetSocketAddress("127.0.0.1", s.port())), s, p, stateDir.resolve(LocalAttestor.ROOT_CERT));
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        } catch (AttestationException | KeyReleaseException | GeneralSecurityException e) {
          throw new IOException("the prover service cannot start: " + e.getMessage(), e);
        }
      default:
        throw new ParameterException(spec.commandLine(), "--prover: '" + kind + "' is not local or service");
    }
  }

  /**
   * The run's attested prover: asks the service for a document over the run's nonce, verifies it,
   * and pins the bound key in the client. Null for the in-process prover, whose steps are unsigned.
   */
  ProverDeclaration attest(String runId) throws IOException {
    if (!(prover instanceof ProverClient client)) return null;
    try {
      byte[] doc = client.attest(RunAttestation.nonce(runId));
      VerifiedAttestation v = new NitroAttestationVerifier(policy).verify(doc, RunAttestation.nonce(runId), Instant.now(), null);
      client.expectSigningKey(v.signingKey());
      return new ProverDeclaration(ProverDeclaration.AWS_NITRO, doc, v.signingKey());
    } catch (ProtocolException | AttestationException e) {
      throw new IOException("the prover service's attestation is not acceptable: " + e.getMessage(), e);
    }
  }

  /** The verify options that check this prover's attestation: the trust root file and the PCR policy. */
  List<String> verifyOptions() {
    if (policy == null) return List.of();
    List<String> o = new java.util.ArrayList<>(List.of("--trust-root", rootFile.toString()));
    for (Map.Entry<Integer, byte[]> e : policy.pcrs().entrySet()) {
      o.add("--pcr");
      o.add(e.getKey() + "=" + HexFormat.of().formatHex(e.getValue()));
    }
    return o;
  }

  private static Map<Integer, byte[]> pick(Map<Integer, byte[]> all, int... which) {
    Map<Integer, byte[]> m = new java.util.TreeMap<>();
    for (int i : which) m.put(i, all.get(i));
    return m;
  }

  static Map<Integer, byte[]> pcrMap(List<String> pcrs, CommandSpec spec) {
    Map<Integer, byte[]> m = new java.util.TreeMap<>();
    for (String p : pcrs) {
      try {
        Map.Entry<Integer, byte[]> e = AttestationPolicy.parsePcr(p);
        m.put(e.getKey(), e.getValue());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--pcr " + p + ": " + e.getMessage());
      }
    }
    return m;
  }

  static X509Certificate readRoot(Path file) throws IOException, GeneralSecurityException {
    return dev.zkautograd.enclave.attestation.LocalCertificates.parse(Files.readAllBytes(file));
  }

  private static ProverClient connect(InetSocketAddress a) {
    try {
      return ProverClient.connect(a, Duration.ofMinutes(30), Duration.ofSeconds(30));
    } catch (IOException e) {
      throw new dev.zkautograd.zk.ProverUnavailableException("cannot reach the prover service at " + a.getHostString() + ":" + a.getPort()
          + ": " + e.getMessage(), e);
    }
  }

  static InetSocketAddress parse(String address, CommandSpec spec) {
    int colon = address.lastIndexOf(':');
    try {
      if (colon > 0) {
        int port = Integer.parseInt(address.substring(colon + 1));
        if (port > 0 && port < 65536) return new InetSocketAddress(address.substring(0, colon), port);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(), "--prover-address: '" + address + "' is not HOST:PORT");
  }

  StepProver prover() {
    return prover;
  }

  @Override
  public void close() {
    prover.close();
    if (service != null) service.close();
  }
}
