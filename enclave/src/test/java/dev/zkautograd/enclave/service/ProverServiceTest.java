package dev.zkautograd.enclave.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.StepSignature;
import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.enclave.Jobs;
import dev.zkautograd.enclave.client.ProverClient;
import dev.zkautograd.enclave.protocol.ErrorCode;
import dev.zkautograd.enclave.protocol.Frame;
import dev.zkautograd.enclave.protocol.FrameType;
import dev.zkautograd.enclave.protocol.Messages;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.backend.StarkBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prover service over real sockets on 127.0.0.1: real STARK proofs round trip and verify, bad
 * frames get their error codes, a client that vanishes or dawdles ends only its own connection, and
 * concurrent clients are all served.
 */
@Timeout(120)
class ProverServiceTest {
  static final StepSigner SIGNER = Jobs.signer(1);
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) c.close();
  }

  ProverService start(ProverServiceConfig.Builder config, ProofBackend backend) throws IOException {
    ProverService s = ProverService.start(config.port(0).build(), backend, SIGNER, null);
    toClose.add(s);
    return s;
  }

  /** A service with fast test parameters; the round-trip test uses the production ones. */
  ProverService start() throws IOException {
    return start(ProverServiceConfig.builder(), Jobs.FAST);
  }

  ProverClient client(ProverService s) throws IOException {
    ProverClient c = ProverClient.connect(new InetSocketAddress("127.0.0.1", s.port()), Duration.ofSeconds(60), Duration.ofSeconds(10));
    toClose.add(c);
    return c;
  }

  RawConnection raw(ProverService s) throws IOException {
    RawConnection c = new RawConnection(s.port());
    toClose.add(c);
    return c;
  }

  static byte[] frame(FrameType type, int id, byte[] payload) {
    return new Frame(type, id, payload).encode();
  }

  @Test
  void a_step_round_trips_with_real_proofs_that_verify_and_a_signature_by_the_service_key() throws Exception {
    ProverService service = start(ProverServiceConfig.builder(), new StarkBackend());
    ProverClient client = client(service);
    client.expectSigningKey(SIGNER.publicKey());
    StepJob job = Jobs.sgd("run-a", 3, 12, 2, 7);
    ProvenStep p = client.prove(job).get(60, TimeUnit.SECONDS);

    assertEquals(2, p.proofs().size());
    StarkBackend verifier = new StarkBackend();
    for (int i = 0; i < 2; i++) {
      StepProof proof = p.proofs().get(i);
      assertEquals(job.chunks().get(i).statement(), proof.publicInputs().statement());
      verifier.verify(proof.proof(), proof.publicInputs(), VerificationPolicy.DEFAULT);
    }
    StepStatement s = job.chunks().get(0).statement();
    assertTrue(p.signature().verifies(SIGNER.publicKey(), StepSignature.message("run-a", 3, Backend.STARK, s.optimizerSpec(), 12,
        p.chunkEntries())));
    assertEquals(SIGNER.keyId(), p.signature().keyId());
    Messages.StatusReport status = client.status();
    assertEquals(1, status.stepsProven());
    assertEquals(0, status.queueDepth());
    assertNull(status.current());
    assertEquals(SIGNER.keyId(), status.keyId());
  }

  @Test
  void a_step_signed_by_another_key_than_the_attested_one_never_completes_the_future() throws Exception {
    ProverClient client = client(start());
    client.expectSigningKey(Jobs.signer(2).publicKey());
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.prove(Jobs.sgd("run-a", 0, 4, 1, 1)).get());
    assertTrue(e.getCause().getMessage().contains("not validly signed by the attested key"), e.getCause().getMessage());
  }

  @Test
  void a_witness_outside_the_rule_is_refused_and_the_connection_goes_on() throws Exception {
    ProverService service = start();
    ProverClient client = client(service);
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.prove(Jobs.outOfRange("run-a", 0)).get());
    VerificationException v = assertInstanceOf(VerificationException.class, e.getCause());
    assertEquals(VerificationException.Reason.WITNESS_REJECTED, v.reason());
    assertEquals(1, client.status().stepsRefused());
    assertNotNull(client.prove(Jobs.sgd("run-a", 0, 4, 1, 1)).get());
  }

  @Test
  void framing_errors_get_their_code_and_close_only_that_connection() throws Exception {
    ProverService service = start();
    byte[] status = frame(FrameType.STATUS, 5, new byte[0]);

    byte[] badMagic = status.clone();
    badMagic[0] = 'X';
    byte[] version2 = status.clone();
    version2[4] = 2;
    byte[] flags = status.clone();
    flags[7] = 1;
    byte[] huge = status.clone();
    huge[12] = 0x7f;
    for (var c : List.of(List.of(badMagic, ErrorCode.BAD_MAGIC), List.of(version2, ErrorCode.UNSUPPORTED_VERSION),
        List.of(flags, ErrorCode.MALFORMED), List.of(huge, ErrorCode.FRAME_TOO_LARGE))) {
      RawConnection r = raw(service).send((byte[]) c.get(0));
      assertEquals(c.get(1), r.nextError());
      assertTrue(r.closedByService(), "a framing error ends the connection: " + c.get(1));
    }
    // Meanwhile a well-behaved client is served as ever.
    Frame ok = raw(service).send(status).next();
    assertEquals(FrameType.STATUS_REPORT, ok.type());
    assertEquals(5, ok.requestId());
  }

  @Test
  void payload_errors_get_their_code_and_the_connection_stays_open() throws Exception {
    ProverService service = start();
    RawConnection r = raw(service);
    byte[] unknown = frame(FrameType.STATUS, 1, new byte[] {1, 2, 3});
    unknown[5] = 42;
    assertEquals(ErrorCode.UNKNOWN_TYPE, r.send(unknown).nextError());
    assertEquals(ErrorCode.UNKNOWN_TYPE, r.send(frame(FrameType.PROVEN, 2, new byte[0])).nextError());
    assertEquals(ErrorCode.MALFORMED, r.send(frame(FrameType.STATUS, 3, new byte[1])).nextError());
    byte[] prove = Messages.encodeProve(Jobs.sgd("run-a", 0, 4, 1, 1));
    assertEquals(ErrorCode.MALFORMED, r.send(frame(FrameType.PROVE, 4, Arrays.copyOf(prove, prove.length + 1))).nextError());
    assertEquals(ErrorCode.MALFORMED, r.send(frame(FrameType.PROVE, 5, Arrays.copyOf(prove, prove.length - 1))).nextError());
    assertEquals(ErrorCode.MALFORMED, r.send(frame(FrameType.ATTEST, 6, new byte[] {0x02, 0x01, 0})).nextError());
    Frame f = r.send(frame(FrameType.STATUS, 7, new byte[0])).next();
    assertEquals(FrameType.STATUS_REPORT, f.type());
    assertEquals(2, Messages.decodeStatus(f.payload(), 7).stepsRefused());
  }

  @Test
  void a_frame_cut_short_by_a_half_close_is_answered_truncated() throws Exception {
    ProverService service = start();
    byte[] prove = frame(FrameType.PROVE, 9, Messages.encodeProve(Jobs.sgd("run-a", 0, 4, 1, 1)));
    RawConnection r = raw(service).send(Arrays.copyOf(prove, prove.length / 2));
    r.socket.shutdownOutput();
    assertEquals(ErrorCode.TRUNCATED, r.nextError());
    assertTrue(r.closedByService());
  }

  @Test
  void a_client_that_disconnects_mid_frame_leaves_the_service_serving_others() throws Exception {
    ProverService service = start();
    byte[] prove = frame(FrameType.PROVE, 9, Messages.encodeProve(Jobs.sgd("run-a", 0, 4, 1, 1)));
    for (int cut : new int[] {3, 15, 40, prove.length - 1}) {
      RawConnection r = raw(service).send(Arrays.copyOf(prove, cut));
      r.socket.setSoLinger(true, 0); // a reset, not a polite close
      r.close();
    }
    ProverClient client = client(service);
    assertNotNull(client.prove(Jobs.sgd("run-a", 0, 4, 1, 1)).get(60, TimeUnit.SECONDS));
    assertEquals(1, client.status().stepsProven());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.status().connections() > 1 && System.nanoTime() < deadline) Thread.sleep(20);
    assertEquals(1, service.status().connections(), "the vanished clients' connections are gone");
  }

  @Test
  void a_slow_client_is_cut_off_at_the_frame_deadline_however_it_trickles() throws Exception {
    ProverService service = start(ProverServiceConfig.builder().readTimeout(Duration.ofMillis(400)), Jobs.FAST);
    byte[] status = frame(FrameType.STATUS, 1, new byte[0]);
    RawConnection silent = raw(service).send(Arrays.copyOf(status, 5));
    long t0 = System.nanoTime();
    assertEquals(ErrorCode.TIMEOUT, silent.nextError());
    assertTrue(silent.closedByService());

    RawConnection trickle = raw(service);
    Thread feeder = new Thread(() -> {
      try {
        for (int i = 0; i < 15; i++) {
          trickle.send(new byte[] {status[i]});
          Thread.sleep(100);
        }
      } catch (Exception ignored) {
        // the service hung up, as it should
      }
    });
    feeder.start();
    assertEquals(ErrorCode.TIMEOUT, trickle.nextError());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    feeder.join();
    assertTrue(ms < 3000, "cut off at the deadline, not per byte: " + ms + " ms");
  }

  @Test
  void an_idle_connection_is_closed_after_the_idle_timeout() throws Exception {
    ProverService service = start(ProverServiceConfig.builder().idleTimeout(Duration.ofMillis(300)), Jobs.FAST);
    RawConnection r = raw(service);
    assertEquals(FrameType.STATUS_REPORT, r.send(frame(FrameType.STATUS, 1, new byte[0])).next().type());
    assertEquals(ErrorCode.TIMEOUT, r.nextError());
    assertTrue(r.closedByService());
  }

  @Test
  void concurrent_clients_are_all_served_one_step_at_a_time() throws Exception {
    ProverService service = start();
    List<CompletableFuture<ProvenStep>> all = new ArrayList<>();
    List<StepJob> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      StepJob job = Jobs.sgd("run-" + i, i, 8, 1, i);
      jobs.add(job);
      all.add(client(service).prove(job));
    }
    for (int i = 0; i < 4; i++) {
      ProvenStep p = all.get(i).get(60, TimeUnit.SECONDS);
      assertEquals("run-" + i, p.runId());
      Jobs.FAST.verify(p.proofs().get(0).proof(), p.proofs().get(0).publicInputs(), Jobs.ANY);
    }
    assertEquals(4, service.status().stepsProven());
  }

  @Test
  void live_status_shows_the_step_in_flight_and_the_queue_and_a_full_queue_answers_busy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    StarkBackend stark = Jobs.FAST;
    // Holds the first proof until the test has looked at the status; the proof itself is real.
    ProofBackend held = new ProofBackend() {
      @Override
      public String id() {
        return "stark";
      }

      @Override
      public StepProof prove(StepStatement s, StepWitness w) throws VerificationException {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return stark.prove(s, w);
      }

      @Override
      public void verify(byte[] proof, StepPublicInputs in, VerificationPolicy policy) throws VerificationException {
        stark.verify(proof, in, policy);
      }
    };
    ProverService service = start(ProverServiceConfig.builder().maxQueue(1), held);
    ProverClient client = client(service);
    CompletableFuture<ProvenStep> first = client.prove(Jobs.sgd("run-s", 0, 4, 1, 1));
    assertTrue(entered.await(20, TimeUnit.SECONDS));
    CompletableFuture<ProvenStep> second = client.prove(Jobs.sgd("run-s", 1, 4, 1, 2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Messages.StatusReport s = client.status();
    while (s.queueDepth() < 1 && System.nanoTime() < deadline) s = client.status();
    assertEquals(1, s.queueDepth());
    assertEquals("run-s", s.current().runId());
    assertEquals(0, s.current().step());
    ExecutionException busy = assertThrows(ExecutionException.class, () -> client.prove(Jobs.sgd("run-s", 2, 4, 1, 3)).get());
    assertTrue(busy.getCause().getMessage().contains("BUSY"), busy.getCause().getMessage());
    release.countDown();
    assertEquals(0, first.get(60, TimeUnit.SECONDS).step());
    assertEquals(1, second.get(60, TimeUnit.SECONDS).step());
  }

  @Test
  void connections_beyond_the_limit_are_answered_busy() throws Exception {
    ProverService service = start(ProverServiceConfig.builder().maxConnections(2), Jobs.FAST);
    RawConnection a = raw(service);
    RawConnection b = raw(service);
    assertEquals(FrameType.STATUS_REPORT, a.send(frame(FrameType.STATUS, 1, new byte[0])).next().type());
    assertEquals(FrameType.STATUS_REPORT, b.send(frame(FrameType.STATUS, 1, new byte[0])).next().type());
    RawConnection c = raw(service);
    assertEquals(ErrorCode.BUSY, c.nextError());
    assertTrue(c.closedByService());
  }

  @Test
  void attest_without_an_attestor_is_an_internal_error_not_a_hang() throws Exception {
    ProverService service = start();
    RawConnection r = raw(service);
    assertEquals(ErrorCode.INTERNAL, r.send(frame(FrameType.ATTEST, 1, Messages.encodeAttest(new byte[32]))).nextError());
    assertArrayEquals(new byte[0], new byte[0]);
  }
}
