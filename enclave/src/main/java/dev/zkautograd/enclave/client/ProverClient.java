package dev.zkautograd.enclave.client;

import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.StepSignature;
import dev.zkautograd.enclave.protocol.ErrorCode;
import dev.zkautograd.enclave.protocol.Frame;
import dev.zkautograd.enclave.protocol.FrameCodec;
import dev.zkautograd.enclave.protocol.FrameType;
import dev.zkautograd.enclave.protocol.Messages;
import dev.zkautograd.enclave.protocol.ProtocolException;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.ProverUnavailableException;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.proving.StepProver;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer's side of prover protocol v1: a {@link StepProver} that sends each step to a prover
 * service over one TCP connection and matches responses to requests by id, so that a STATUS or a
 * second PROVE can be in flight while a step is proven. Once {@link #expectSigningKey} is given (the
 * key an attestation document bound), every proven step must carry a valid signature by it, or its
 * future fails: a step the attested prover did not sign never reaches the run.
 */
public final class ProverClient implements StepProver {
  private final Socket socket;
  private final OutputStream out;
  private final Duration proveTimeout;
  private final Duration requestTimeout;
  private final Map<Integer, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Thread reader;
  private volatile byte[] signingKey;
  private volatile boolean closed;

  private ProverClient(Socket socket, Duration proveTimeout, Duration requestTimeout) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream());
    this.proveTimeout = proveTimeout;
    this.requestTimeout = requestTimeout;
    InputStream in = new BufferedInputStream(socket.getInputStream());
    this.reader = new Thread(() -> readLoop(in), "prover-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Connects to the service at {@code address}.
   *
   * @param proveTimeout how long one step may take before its future fails
   * @param requestTimeout how long ATTEST and STATUS may take
   * @throws IOException if the service cannot be reached within the request timeout
   */
  public static ProverClient connect(InetSocketAddress address, Duration proveTimeout, Duration requestTimeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(address, (int) requestTimeout.toMillis());
      s.setTcpNoDelay(true);
      return new ProverClient(s, proveTimeout, requestTimeout);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** From now on, proven steps must be signed by this 32-byte Ed25519 key. */
  public void expectSigningKey(byte[] publicKey) {
    if (publicKey.length != 32) throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
    this.signingKey = publicKey.clone();
  }

  @Override
  public CompletableFuture<ProvenStep> prove(StepJob job) {
    return send(FrameType.PROVE, Messages.encodeProve(job), proveTimeout).thenApply(f -> {
      try {
        return check(job, Messages.decodeProven(expect(f, FrameType.PROVEN), f.requestId()).step());
      } catch (ProtocolException e) {
        throw new CompletionException(failure(e));
      }
    });
  }

  /** The service's live status. */
  public Messages.StatusReport status() throws ProtocolException, IOException {
    Frame f = await(send(FrameType.STATUS, new byte[0], requestTimeout));
    return Messages.decodeStatus(expect(f, FrameType.STATUS_REPORT), f.requestId());
  }

  /** An attestation document over {@code nonce}, as the service's attestor made it (verify it before trusting it). */
  public byte[] attest(byte[] nonce) throws ProtocolException, IOException {
    Frame f = await(send(FrameType.ATTEST, Messages.encodeAttest(nonce), requestTimeout));
    return Messages.decodeAttestation(expect(f, FrameType.ATTESTATION), f.requestId());
  }

  @Override
  public String describe() {
    return "prover service at " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private CompletableFuture<Frame> send(FrameType type, byte[] payload, Duration timeout) {
    int id = ids.incrementAndGet();
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (out) {
        FrameCodec.write(out, new Frame(type, id, payload));
      }
    } catch (IOException e) {
      pending.remove(id);
      answer.completeExceptionally(new ProverUnavailableException(describe() + ": cannot send the request: " + e.getMessage(), e));
      return answer;
    }
    return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((f, e) -> pending.remove(id))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
            ? new ProverUnavailableException(describe() + ": no answer to " + type + " within " + timeout.toSeconds() + " s", e) : e));
  }

  private void readLoop(InputStream in) {
    Throwable why = null;
    try {
      while (true) {
        // Responses may be long (a chunked step's proofs), but never longer than the protocol's limit.
        Frame f = FrameCodec.read(in, Integer.MAX_VALUE - 8, FrameCodec.Deadline.NONE);
        if (f == null) break;
        CompletableFuture<Frame> p = pending.get(f.requestId());
        if (p != null) {
          p.complete(f);
        } else if (f.type() == FrameType.ERROR && f.requestId() == 0) {
          why = Messages.decodeError(f.payload(), 0);
          break;
        }
      }
    } catch (ProtocolException | IOException e) {
      why = e;
    }
    String message = closed ? "the client was closed" : describe() + ": connection lost" + (why == null ? "" : ": " + why.getMessage());
    for (CompletableFuture<Frame> p : pending.values()) {
      p.completeExceptionally(new ProverUnavailableException(message, why));
    }
  }

  private static byte[] expect(Frame f, FrameType want) throws ProtocolException {
    if (f.type() == FrameType.ERROR) {
      throw Messages.decodeError(f.payload(), f.requestId());
    }
    if (f.type() != want) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, f.requestId(), "expected " + want + ", the service sent " + f.type());
    }
    return f.payload();
  }

  private Frame await(CompletableFuture<Frame> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the prover service", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** WITNESS_REJECTED is the proof system's refusal; everything else means the step was not proven there. */
  private Exception failure(ProtocolException e) {
    if (e.code() == ErrorCode.WITNESS_REJECTED) {
      return VerificationException.of(VerificationException.Reason.WITNESS_REJECTED, "the prover service refused the witness: " + e.detail());
    }
    return new ProverUnavailableException(describe() + " refused the step: " + e.getMessage(), e);
  }

  /** The service proved what was asked, and (with an expected key) signed exactly those proofs. */
  private ProvenStep check(StepJob job, ProvenStep p) throws ProtocolException {
    if (!p.runId().equals(job.runId()) || p.step() != job.step() || p.proofs().size() != job.chunks().size()) {
      throw new ProtocolException(ErrorCode.MALFORMED, 0, "the service answered for " + p.runId() + " step " + p.step() + " with "
          + p.proofs().size() + " proofs, asked for " + job.runId() + " step " + job.step() + " with " + job.chunks().size());
    }
    for (int i = 0; i < p.proofs().size(); i++) {
      if (!p.proofs().get(i).publicInputs().statement().equals(job.chunks().get(i).statement())) {
        throw new ProtocolException(ErrorCode.MALFORMED, 0, "the proof of chunk " + i + " states another statement than the one sent");
      }
    }
    byte[] key = signingKey;
    if (key != null) {
      StepSignature sig = p.signature();
      StepStatement s = job.chunks().get(0).statement();
      if (sig == null || !sig.verifies(key, StepSignature.message(p.runId(), p.step(), Backend.STARK, s.optimizerSpec(), s.totalParameters(),
          p.chunkEntries()))) {
        throw new ProtocolException(ErrorCode.MALFORMED, 0, "step " + p.step() + " is " + (sig == null ? "not signed" : "not validly signed")
            + " by the attested key");
      }
    }
    return p;
  }
}
