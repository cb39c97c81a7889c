package dev.zkautograd.generator.companion;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/verify} ({@code docs/companion-api.md}): one uploaded proof checked against the
 * public inputs its step record states. The record is parsed as {@code steps.jsonl} lines are (so
 * its roots and chain value must be consistent), the proof must have the record's {@code
 * proof_sha256} for the chunk, and then the proof system verifies it; optionally the record must
 * be the line of a run this service holds. The result rows have the shape of {@code verify --json}.
 */
final class ProofCheck {
  /** The {@code format} member of a result. */
  static final String FORMAT = "zk-autograd/proof-check/v1";

  private ProofCheck() {}

  /** A record or chunk index that cannot be used at all: the service answers 400 with this message. */
  static final class BadUpload extends Exception {
    private static final long serialVersionUID = 1L;

    BadUpload(String message) {
      super(message);
    }
  }

  /** The record, parsed, and the chunk the upload names. */
  record Statement(StepRecord record, ChunkEntry chunk) {}

  static Statement parse(String recordLine, String chunkIndex) throws BadUpload {
    if (recordLine == null || recordLine.isEmpty()) throw new BadUpload("form field record is missing: the step record line");
    StepRecord record;
    try {
      record = StepRecord.parse(recordLine.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (CoreException e) {
      throw new BadUpload("record is not a step record: " + e.getMessage());
    }
    if (chunkIndex == null) throw new BadUpload("form field chunk is missing: the index of the chunk the proof is for");
    int index;
    try {
      index = Integer.parseInt(chunkIndex.strip());
    } catch (NumberFormatException e) {
      throw new BadUpload("chunk is not an integer: " + shorten(chunkIndex));
    }
    if (index < 0 || index >= record.chunks().size()) {
      throw new BadUpload("chunk " + index + " is not a chunk of the record (it has " + record.chunks().size() + ")");
    }
    return new Statement(record, record.chunks().get(index));
  }

  /**
   * Checks {@code proof} for {@code s}; {@code inLog} is the result of matching the record against a
   * run's log (null when no run was named).
   */
  static JsonObject check(Statement s, byte[] proof, AuditResult inLog, StepProofVerifier verifier) {
    List<AuditResult> rows = new ArrayList<>();
    long step = s.record().step();
    ChunkEntry c = s.chunk();
    rows.add(pass(RunCheck.RECORDS, step, "a canonical step record of run " + s.record().runId() + " with consistent roots and chain value"));
    if (inLog != null) rows.add(inLog);
    boolean digestHolds;
    try {
      c.checkProof(step, Digest.sha256(proof));
      rows.add(pass(RunCheck.PROOF_DIGEST, step, "the proof's SHA-256 is the record's proof_sha256 for chunk " + c.index()));
      digestHolds = true;
    } catch (CoreException e) {
      rows.add(fail(RunCheck.PROOF_DIGEST, e));
      digestHolds = false;
    }
    if (!digestHolds) {
      rows.add(skip(RunCheck.PROOF, step, "not verified: the file is not the proof the record names"));
    } else if (!verifier.supports(s.record().draft().backend())) {
      rows.add(skip(RunCheck.PROOF, step, "no proof system for backend " + s.record().draft().backend().wire() + " in this build"));
    } else {
      try {
        verifier.verify(s.record(), c, proof);
        rows.add(pass(RunCheck.PROOF, step, "the proof of chunk " + c.index() + " verifies for the statement the record makes"));
      } catch (CoreException e) {
        rows.add(fail(RunCheck.PROOF, e.at(c.proof().value(), step)));
      }
    }
    boolean passed = true;
    boolean verified = false;
    List<JsonValue> json = new ArrayList<>();
    for (AuditResult r : rows) {
      passed &= r.outcome() != Outcome.FAIL;
      verified |= r.check() == RunCheck.PROOF && r.outcome() == Outcome.PASS;
      json.add(r.toJson());
    }
    return JsonObject.builder()
        .put("format", FORMAT)
        .put("run", s.record().runId())
        .put("step", JsonNumber.of(step))
        .put("chunk", JsonNumber.of(c.index()))
        .put("passed", JsonBoolean.of(passed && verified))
        .put("results", new JsonArray(json))
        .build();
  }

  static AuditResult pass(RunCheck check, long step, String detail) {
    return new AuditResult(check, Outcome.PASS, step, null, null, detail, null, null, null, detail);
  }

  static AuditResult skip(RunCheck check, long step, String detail) {
    return new AuditResult(check, Outcome.SKIP, step, null, null, detail, null, null, null, detail);
  }

  static AuditResult fail(RunCheck check, CoreException e) {
    return new AuditResult(check, Outcome.FAIL, e.step(), e.file(), e.field(), e.detail(), e.expected(), e.actual(), e.reason(),
        e.getMessage());
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
