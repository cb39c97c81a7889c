package dev.zkautograd.enclave.protocol;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepSignature;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payloads of prover protocol v1 ({@code docs/formats/prover-protocol.md}, "Frame types"):
 * encoders and strict decoders, one pair per frame type. Decoders turn untrusted bytes into typed
 * values or a {@link ProtocolException} MALFORMED naming the field.
 */
public final class Messages {
  /** Longest nonce an ATTEST request may carry (the NSM's limit). */
  public static final int MAX_NONCE = 512;
  /** Longest attestation document accepted. */
  public static final int MAX_DOCUMENT = 16 << 10;
  /** Longest error message. */
  public static final int MAX_ERROR_MESSAGE = 1024;
  private static final int MAX_STATEMENT = 256;
  private static final int MAX_PROOF = Integer.MAX_VALUE - 8;

  private Messages() {}

  // ------------------------------------------------------------------ PROVE

  public static byte[] encodeProve(StepJob job) {
    PayloadWriter w = new PayloadWriter().str16(job.runId()).i64(job.step()).u32(job.chunks().size());
    for (StepJob.Chunk c : job.chunks()) {
      StepWitness x = c.witness();
      w.bytes16(c.statement().toBytes()).i64s(x.weights()).i64s(x.gradients()).i64s(x.moments()).i64s(x.secondMoments())
          .fixed(x.stateInSeed().revealBytes()).fixed(x.stateOutSeed().revealBytes());
    }
    return w.toBytes();
  }

  public static StepJob decodeProve(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    String runId = runId(r);
    long step = r.u64("step", JsonNumber.MAX_SAFE_INTEGER);
    long k = r.u32("chunk count");
    if (k < 1 || k > StepDraft.MAX_CHUNKS) throw r.malformed("chunk count", k + " is outside 1-" + StepDraft.MAX_CHUNKS);
    List<StepJob.Chunk> chunks = new ArrayList<>();
    StepStatement first = null;
    for (int i = 0; i < k; i++) {
      String at = "chunks[" + i + "]";
      StepStatement s = statement(r, at + ".statement");
      if (s.chunkIndex() != i || s.step() != step) {
        throw r.malformed(at + ".statement", "states chunk " + s.chunkIndex() + " of step " + s.step() + ", expected chunk " + i
            + " of step " + step);
      }
      if (first != null && (s.optimizer() != first.optimizer() || !s.hyperParameters().equals(first.hyperParameters())
          || s.totalParameters() != first.totalParameters())) {
        throw r.malformed(at + ".statement", "every chunk of a step states the same rule and parameter count");
      }
      first = first == null ? s : first;
      long[] w = array(r, at + ".weights", s.length());
      long[] g = array(r, at + ".gradients", s.length());
      long[] m = r.i64s(at + ".moments");
      long[] v = r.i64s(at + ".second_moments");
      boolean adam = s.optimizer() == OptimizerKind.ADAM;
      if (m.length != (adam ? s.length() : 0) || v.length != m.length) {
        throw r.malformed(at + ".moments", adam ? "Adam needs both moments for every parameter of the chunk"
            : "SGD carries no moments");
      }
      BlindingSeed in = BlindingSeed.of(r.fixed(32, at + ".state_in_seed"));
      BlindingSeed out = BlindingSeed.of(r.fixed(32, at + ".state_out_seed"));
      chunks.add(new StepJob.Chunk(s, new StepWitness(w, g, in, out, m, v)));
    }
    r.end();
    return new StepJob(runId, step, chunks);
  }

  // ------------------------------------------------------------------ PROVEN

  public static byte[] encodeProven(ProvenStep p, long proveMillis) {
    PayloadWriter w = new PayloadWriter().str16(p.runId()).i64(p.step()).u32(p.proofs().size());
    for (StepProof proof : p.proofs()) {
      StepPublicInputs in = proof.publicInputs();
      w.bytes16(in.statement().toBytes()).fixed(in.rootStateIn().bytes()).fixed(in.rootStateOut().bytes()).bytes32(proof.proof());
    }
    if (p.signature() == null) {
      w.u8(0);
    } else {
      w.u8(1).str16(p.signature().keyId()).bytes16(p.signature().sig());
    }
    return w.i64(proveMillis).toBytes();
  }

  /** A PROVEN payload: the step and how long the service proved it. */
  public record Proven(ProvenStep step, long proveMillis) {}

  public static Proven decodeProven(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    String runId = runId(r);
    long step = r.u64("step", JsonNumber.MAX_SAFE_INTEGER);
    long k = r.u32("chunk count");
    if (k < 1 || k > StepDraft.MAX_CHUNKS) throw r.malformed("chunk count", k + " is outside 1-" + StepDraft.MAX_CHUNKS);
    List<StepProof> proofs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      String at = "chunks[" + i + "]";
      StepStatement s = statement(r, at + ".statement");
      Digest in = Digest.of(r.fixed(32, at + ".root_in"));
      Digest out = Digest.of(r.fixed(32, at + ".root_out"));
      proofs.add(new StepProof(new StepPublicInputs(s, in, out), r.bytes32(at + ".proof", MAX_PROOF)));
    }
    StepSignature sig = null;
    int signed = r.u8("signed");
    if (signed == 1) {
      String keyId = r.str16("key_id", 256);
      byte[] bytes = r.bytes16("signature", 4096);
      try {
        sig = new StepSignature(keyId, bytes);
      } catch (IllegalArgumentException e) {
        throw r.malformed("key_id", "not a step signature: 1-256 printable ASCII characters and 1-4096 signature bytes");
      }
    } else if (signed != 0) {
      throw r.malformed("signed", "must be 0 or 1, found " + signed);
    }
    long ms = r.u64("prove_ms", Long.MAX_VALUE);
    r.end();
    return new Proven(new ProvenStep(runId, step, proofs, sig), ms);
  }

  // ------------------------------------------------------------------ STATUS_REPORT

  /**
   * The service's live status.
   *
   * @param current the step being proven now, or null when idle
   * @param keyId the step-signing key's id, empty when the service signs nothing
   */
  public record StatusReport(long stepsProven, long stepsRefused, long queueDepth, Current current, long connections,
      long uptimeMillis, String keyId) {}

  /** The step being proven. */
  public record Current(String runId, long step, long elapsedMillis) {}

  public static byte[] encodeStatus(StatusReport s) {
    PayloadWriter w = new PayloadWriter().i64(s.stepsProven()).i64(s.stepsRefused()).u32(s.queueDepth());
    if (s.current() == null) {
      w.u8(0);
    } else {
      w.u8(1).str16(s.current().runId()).i64(s.current().step()).i64(s.current().elapsedMillis());
    }
    return w.u32(s.connections()).i64(s.uptimeMillis()).str16(s.keyId()).toBytes();
  }

  public static StatusReport decodeStatus(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    long proven = r.u64("steps_proven", Long.MAX_VALUE);
    long refused = r.u64("steps_refused", Long.MAX_VALUE);
    long queue = r.u32("queue_depth");
    int busy = r.u8("busy");
    Current current = null;
    if (busy == 1) {
      current = new Current(runId(r), r.u64("current.step", JsonNumber.MAX_SAFE_INTEGER), r.u64("current.elapsed_ms", Long.MAX_VALUE));
    } else if (busy != 0) {
      throw r.malformed("busy", "must be 0 or 1, found " + busy);
    }
    long connections = r.u32("connections");
    long uptime = r.u64("uptime_ms", Long.MAX_VALUE);
    String keyId = r.str16("key_id", 256);
    r.end();
    return new StatusReport(proven, refused, queue, current, connections, uptime, keyId);
  }

  // ------------------------------------------------------------------ ATTEST, ATTESTATION, ERROR

  public static byte[] encodeAttest(byte[] nonce) {
    return new PayloadWriter().bytes16(nonce).toBytes();
  }

  public static byte[] decodeAttest(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    byte[] nonce = r.bytes16("nonce", MAX_NONCE);
    r.end();
    return nonce;
  }

  public static byte[] encodeAttestation(byte[] document) {
    return new PayloadWriter().bytes32(document).toBytes();
  }

  public static byte[] decodeAttestation(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    byte[] doc = r.bytes32("document", MAX_DOCUMENT);
    r.end();
    return doc;
  }

  public static byte[] encodeError(ErrorCode code, String message) {
    byte[] m = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String cut = m.length <= MAX_ERROR_MESSAGE ? message
        : new String(Arrays.copyOf(m, MAX_ERROR_MESSAGE - 3), java.nio.charset.StandardCharsets.UTF_8).replace("\uFFFD", "") + "...";
    return new PayloadWriter().u16(code.code()).str16(cut).toBytes();
  }

  /** An ERROR payload as the exception it reports (unknown codes become INTERNAL, saying so). */
  public static ProtocolException decodeError(byte[] payload, int requestId) throws ProtocolException {
    PayloadReader r = new PayloadReader(payload, requestId);
    int code = r.u16("code");
    String message = r.str16("message", MAX_ERROR_MESSAGE);
    r.end();
    ErrorCode c = ErrorCode.of(code);
    return c == null ? new ProtocolException(ErrorCode.INTERNAL, requestId, "error code " + code + " unknown to this client: " + message)
        : new ProtocolException(c, requestId, message);
  }

  // ------------------------------------------------------------------ fields

  private static String runId(PayloadReader r) throws ProtocolException {
    String id = r.str16("run", RunLayout.MAX_RUN_ID_LENGTH);
    try {
      return RunLayout.checkRunId(id, "run");
    } catch (CoreException e) {
      throw r.malformed("run", "not a run id: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
    }
  }

  /** A statement's canonical bytes, which must re-encode identically and pass the shared chunk checks. */
  private static StepStatement statement(PayloadReader outer, String field) throws ProtocolException {
    byte[] raw = outer.bytes16(field, MAX_STATEMENT);
    PayloadReader r = new PayloadReader(raw, 0);
    StepStatement s;
    try {
      int version = r.u8("version");
      if (version != StepStatement.ENCODING_VERSION) throw outer.malformed(field, "statement encoding version " + version + " is not 1");
      OptimizerKind kind = OptimizerKind.ofCode(r.u8("optimizer"));
      if (kind == null) throw outer.malformed(field, "unknown optimizer code");
      int count = r.u8("hyper-parameter count");
      if (count != (kind == OptimizerKind.ADAM ? 5 : 2)) throw outer.malformed(field, kind.id() + " has " + (kind == OptimizerKind.ADAM ? 5 : 2)
          + " hyper-parameters, not " + count);
      List<Long> h = new ArrayList<>();
      for (int i = 0; i < count; i++) h.add(r.i64("hyper-parameter"));
      int fracBits = r.u8("frac_bits");
      long step = r.u64("step", JsonNumber.MAX_SAFE_INTEGER);
      long total = r.u64("total parameters", JsonNumber.MAX_SAFE_INTEGER);
      long chunk = r.u32("chunk index");
      long offset = r.u64("offset", JsonNumber.MAX_SAFE_INTEGER);
      long length = r.u32("length");
      int limbs = r.u8("limb bits");
      r.end();
      if (chunk >= StepDraft.MAX_CHUNKS || length > Integer.MAX_VALUE) throw outer.malformed(field, "chunk index or length out of range");
      s = new StepStatement(kind, h, fracBits, step, total, (int) chunk, offset, (int) length, limbs);
      s.optimizerSpec(); // refuses hyper-parameters no run could declare
    } catch (ProtocolException e) {
      throw outer.malformed(field, e.detail());
    } catch (IllegalArgumentException e) {
      throw outer.malformed(field, "hyper-parameters outside the rule's ranges");
    }
    String problem = s.chunkProblem();
    if (problem != null) throw outer.malformed(field, problem);
    if (!Arrays.equals(s.toBytes(), raw)) throw outer.malformed(field, "not the canonical statement encoding");
    return s;
  }

  private static long[] array(PayloadReader r, String field, int length) throws ProtocolException {
    long[] a = r.i64s(field);
    if (a.length != length) throw r.malformed(field, "has " + a.length + " values, the statement's chunk has " + length);
    return a;
  }
}
