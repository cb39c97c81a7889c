package dev.zkautograd.core.run;

/**
 * The checks of a run, each with the stable name under which a report lists it ({@code
 * docs/verify.md}). {@link RunReader} makes the checks of the files up to {@link #ANCHORS}; the audit
 * adds the rest.
 */
public enum RunCheck {
  MANIFEST("manifest", "run_manifest.json parses: format, declaration, log head, file list"),
  KEY("key", "the run's checkpoint key is the one the auditor pinned"),
  MANIFEST_SIGNATURE("manifest.signature", "run_manifest.json is signed by the run's key"),
  RECORDS("steps.records", "every line of steps.jsonl is a canonical step record with consistent roots and chain value"),
  SEQUENCE("steps.sequence", "the records are steps 0..T-1, each once, in order"),
  CHAIN("steps.chain", "each record links to its predecessor's chain value, step 0 to the run's genesis value"),
  DECLARATION("steps.declaration", "every record has the run id, backend, optimizer, params and chunk count of run_manifest.json"),
  STATE_CHAIN("steps.state_chain", "every chunk starts from the state the previous step left it in; chunk boundaries never change"),
  STEP_SIGNATURE("steps.signature", "every record is signed by the attested prover key run_manifest.json declares"),
  CHECKPOINT_SIGNATURE("checkpoint.signature", "checkpoint is a signed note with a valid signature by the run's key"),
  CHECKPOINT("checkpoint.head", "the checkpoint's origin, tree size and root are those of steps.jsonl"),
  MERKLE_ROOT("merkle_root", "merkle_root.txt is the RFC 9162 root of steps.jsonl"),
  MANIFEST_HEAD("manifest.head", "run_manifest.json states the log's size and root"),
  MANIFEST_LISTING("manifest.listing", "run_manifest.json lists every proof with its record's digest and the log files, and nothing else is in the run"),
  MANIFEST_FILES("manifest.files", "every listed file has the listed size and SHA-256"),
  ANCHORS("anchors", "anchors.json parses, counters increase, and each receipt's root is this log's root at its tree size"),
  ANCHOR_RECHECK("anchors.recheck", "the anchor itself still holds the last receipt anchors.json records for it"),
  ATTESTATION("prover.attestation", "the prover's attestation chains to the trusted root, meets the PCR policy, was made for this run and binds the step-signing key"),
  FINISHED("run.finished", "the run is finished"),
  PROOF_DIGEST("proof.digest", "the proof files of the sampled steps match their records' proof_sha256"),
  PROOF("proof.verify", "the proofs of the sampled steps verify");

  private final String id;
  private final String description;

  RunCheck(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The name reports use, for example {@code steps.chain}. */
  public String id() {
    return id;
  }

  /** One sentence saying what holds when the check passes. */
  public String description() {
    return description;
  }
}
