package dev.zkautograd.cli;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.enclave.client.ProverClient;
import dev.zkautograd.enclave.service.ProverService;
import dev.zkautograd.enclave.service.ProverServiceConfig;
import dev.zkautograd.zk.StepProver;
import dev.zkautograd.zk.backend.StarkBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where the demo's proofs are made: in this process, or by the prover service over its protocol —
 * one the demo starts on 127.0.0.1 (a real TCP listener, in this JVM) or one already running.
 */
final class DemoProver implements AutoCloseable {
  private final StepProver prover;
  private final ProverService service;

  private DemoProver(StepProver prover, ProverService service) {
    this.prover = prover;
    this.service = service;
  }

  static DemoProver open(String kind, String address, Path stateDir, CommandSpec spec) throws IOException {
    switch (kind) {
      case "local":
        return new DemoProver(StepProver.local(new StarkBackend()), null);
      case "service":
        if (address != null) {
          return new DemoProver(connect(parse(address, spec)), null);
        }
        StepSigner signer = StepSigner.fromSeed(SecretBytes.random(32, new SecureRandom()));
        ProverService s = ProverService.start(ProverServiceConfig.builder().port(0).build(), new StarkBackend(), signer, null);
        try {
          return new DemoProver(connect(new InetSocketAddress("127.0.0.1", s.port())), s);
        } catch (IOException e) {
          s.close();
          throw e;
        }
      default:
        throw new ParameterException(spec.commandLine(), "--prover: '" + kind + "' is not local or service");
    }
  }

  private static ProverClient connect(InetSocketAddress a) throws IOException {
    return ProverClient.connect(a, Duration.ofMinutes(30), Duration.ofSeconds(30));
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
