package dev.zkautograd.enclave.service;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.enclave.attestation.AttestationException;
import dev.zkautograd.enclave.attestation.Attestor;
import dev.zkautograd.enclave.attestation.KeyBinding;
import dev.zkautograd.enclave.protocol.ErrorCode;
import dev.zkautograd.enclave.protocol.Frame;
import dev.zkautograd.enclave.protocol.FrameCodec;
import dev.zkautograd.enclave.protocol.FrameType;
import dev.zkautograd.enclave.protocol.Messages;
import dev.zkautograd.enclave.protocol.ProtocolException;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.proving.StepProver;
import dev.zkautograd.zk.VerificationException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The prover service ({@code docs/prover-service.md}): listens for prover-protocol v1 connections
 * ({@code docs/formats/prover-protocol.md}), proves PROVE requests one step at a time in arrival
 * order with its proof backend, signs each proven step with its step-signing key, answers ATTEST
 * with an attestation document binding that key, and STATUS with its live status.
 *
 * <p>Every connection has its own thread and its own limits; a bad frame, a timeout or a vanished
 * client ends only that connection. Nothing a client sends is logged beyond sizes and ids.
 */
public final class ProverService implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProverService.class.getName());

  private final ProverServiceConfig config;
  private final StepProver prover;
  private final StepSigner signer;
  private final Attestor attestor;
  private final ServerSocket server;
  private final ExecutorService connections;
  private final ExecutorService proving = Executors.newSingleThreadExecutor(daemon("prover-service-queue"));
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong proven = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<InFlight> current = new AtomicReference<>();
  private final long started = System.nanoTime();
  private final Thread acceptor;
  private volatile boolean closing;

  private ProverService(ProverServiceConfig config, ProofBackend backend, StepSigner signer, Attestor attestor) throws IOException {
    this.config = config;
    this.signer = signer;
    this.attestor = attestor;
    this.prover = StepProver.local(backend, signer);
    this.server = new ServerSocket(config.port(), 50, config.bind());
    this.connections = Executors.newCachedThreadPool(daemon("prover-service-connection"));
    this.acceptor = daemon("prover-service-accept").newThread(this::acceptLoop);
    acceptor.start();
  }

  /**
   * Starts a service that proves with {@code backend}, signs with {@code signer} and attests with
   * {@code attestor}, listening as {@code config} says.
   *
   * @throws IOException if the port cannot be bound
   */
  public static ProverService start(ProverServiceConfig config, ProofBackend backend, StepSigner signer, Attestor attestor)
      throws IOException {
    return new ProverService(config, backend, signer, attestor);
  }

  /** The port it listens on (the chosen one when configured with 0). */
  public int port() {
    return server.getLocalPort();
  }

  public ProverServiceConfig config() {
    return config;
  }

  /** The live status, as a STATUS request reports it. */
  public Messages.StatusReport status() {
    InFlight f = current.get();
    Messages.Current c = f == null ? null : new Messages.Current(f.runId(), f.step(), (System.nanoTime() - f.startNanos()) / 1_000_000);
    return new Messages.StatusReport(proven.get(), refused.get(), queued.get(), c, open.size(),
        (System.nanoTime() - started) / 1_000_000, signer == null ? "" : signer.keyId());
  }

  private void acceptLoop() {
    while (!closing) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!closing) LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
        continue;
      }
      if (open.size() >= config.maxConnections()) {
        refuse(s, ErrorCode.BUSY, "the service serves at most " + config.maxConnections() + " connections at once");
        continue;
      }
      open.add(s);
      connections.execute(() -> serve(s));
    }
  }

  private static void refuse(Socket s, ErrorCode code, String message) {
    try (s) {
      s.setSoTimeout(1000);
      FrameCodec.write(s.getOutputStream(), new Frame(FrameType.ERROR, 0, Messages.encodeError(code, message)));
    } catch (IOException ignored) {
      // the client is gone already: nothing to tell it
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      Connection c = new Connection(new BufferedOutputStream(s.getOutputStream()));
      SocketDeadline deadline = new SocketDeadline(s, config.idleTimeout(), config.readTimeout());
      while (!closing) {
        Frame f;
        try {
          f = FrameCodec.read(in, config.maxPayload(), deadline);
        } catch (ProtocolException e) {
          LOG.log(System.Logger.Level.INFO, s.getRemoteSocketAddress() + ": " + e.getMessage());
          c.error(e);
          if (e.closesConnection()) return;
          continue;
        }
        if (f == null) return;
        handle(f, c);
      }
      if (closing) c.error(new ProtocolException(ErrorCode.SHUTTING_DOWN, 0, "the service is stopping"));
    } catch (IOException e) {
      // The client vanished (reset, half-written frame and close): only this connection ends.
      LOG.log(System.Logger.Level.DEBUG, s.getRemoteSocketAddress() + " gone: " + e);
    } finally {
      open.remove(s);
    }
  }

  private void handle(Frame f, Connection c) throws IOException {
    int id = f.requestId();
    try {
      switch (f.type()) {
        case STATUS -> {
          if (f.length() != 0) throw new ProtocolException(ErrorCode.MALFORMED, id, "a STATUS request has an empty payload");
          c.send(new Frame(FrameType.STATUS_REPORT, id, Messages.encodeStatus(status())));
        }
        case ATTEST -> {
          byte[] nonce = Messages.decodeAttest(f.payload(), id);
          if (attestor == null || signer == null) {
            throw new ProtocolException(ErrorCode.INTERNAL, id, "this service runs without an attestor or signing key");
          }
          try {
            byte[] doc = attestor.attest(nonce, KeyBinding.userData(signer.publicKey()), null);
            c.send(new Frame(FrameType.ATTESTATION, id, Messages.encodeAttestation(doc)));
          } catch (AttestationException e) {
            throw new ProtocolException(ErrorCode.INTERNAL, id, "no attestation document: " + e.getMessage());
          }
        }
        case PROVE -> submit(f, c);
        default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, id, f.type() + " is a response type; clients send ATTEST, PROVE or STATUS");
      }
    } catch (ProtocolException e) {
      c.error(e);
    }
  }

  private void submit(Frame f, Connection c) throws ProtocolException {
    int id = f.requestId();
    StepJob job;
    try {
      job = Messages.decodeProve(f.payload(), id);
    } catch (ProtocolException e) {
      refused.incrementAndGet();
      throw e;
    }
    if (queued.incrementAndGet() > config.maxQueue()) {
      queued.decrementAndGet();
      throw new ProtocolException(ErrorCode.BUSY, id, "the proving queue holds " + config.maxQueue() + " steps already; retry later");
    }
    proving.execute(() -> {
      queued.decrementAndGet();
      long t0 = System.nanoTime();
      current.set(new InFlight(job.runId(), job.step(), t0));
      try {
        ProvenStep p = prover.prove(job).get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        proven.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, job.runId() + " step " + job.step() + ": " + job.chunks().size() + " chunk proofs in " + ms + " ms");
        c.send(new Frame(FrameType.PROVEN, id, Messages.encodeProven(p, ms)));
      } catch (ExecutionException e) {
        refused.incrementAndGet();
        c.error(e.getCause() instanceof VerificationException v && v.reason() == VerificationException.Reason.WITNESS_REJECTED
            ? new ProtocolException(ErrorCode.WITNESS_REJECTED, id, v.getMessage())
            : new ProtocolException(ErrorCode.INTERNAL, id, "proving failed: " + e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.error(new ProtocolException(ErrorCode.SHUTTING_DOWN, id, "the service stopped while proving"));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.INFO, "client of " + job.runId() + " step " + job.step() + " left before its proof was ready");
      } finally {
        current.set(null);
      }
    });
  }

  private record InFlight(String runId, long step, long startNanos) {}

  /** One client's output: frames from the connection thread and the proving thread never interleave. */
  private static final class Connection {
    private final OutputStream out;

    Connection(OutputStream out) {
      this.out = out;
    }

    synchronized void send(Frame f) throws IOException {
      FrameCodec.write(out, f);
    }

    void error(ProtocolException e) {
      try {
        send(new Frame(FrameType.ERROR, e.requestId(), Messages.encodeError(e.code(), e.detail())));
      } catch (IOException gone) {
        // the client is gone: there is no one to tell
      }
    }
  }

  /** Stops accepting, closes every connection and abandons queued steps. */
  @Override
  public void close() {
    closing = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    proving.shutdownNow();
    connections.shutdownNow();
    prover.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "ProverService[" + config.bind().getHostAddress() + ":" + port() + "]";
  }
}
