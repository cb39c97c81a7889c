package dev.zkautograd.core.audit;

import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.run.Anchor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How {@link RunAudit} checks a run: which steps' proofs (all, or {@code k} drawn with a seed), with
 * which proof verifier, against which pinned key and anchors, whether an unfinished run may pass,
 * and where to report progress and run proof checks. Immutable; made by {@link #builder()}.
 */
public final class AuditOptions {
  private final Long k;
  private final long seed;
  private final NoteVerifier pinnedKey;
  private final StepProofVerifier proofVerifier;
  private final List<Anchor> anchors;
  private final boolean allowOpen;
  private final AuditProgress progress;
  private final Executor executor;
  private final AttestationVerifier attestation;

  private AuditOptions(Builder b) {
    this.attestation = b.attestation;
    this.k = b.k;
    this.seed = b.seed;
    this.pinnedKey = b.pinnedKey;
    this.proofVerifier = b.proofVerifier;
    this.anchors = List.copyOf(b.anchors);
    this.allowOpen = b.allowOpen;
    this.progress = b.progress;
    this.executor = b.executor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Proofs of every step, no pinned key, no proof system, no anchor re-check, open runs fail. */
  public static AuditOptions defaults() {
    return builder().build();
  }

  /** The number of steps whose proofs are checked, or null for all. */
  public Long k() {
    return k;
  }

  /** The seed the {@code k} steps are drawn with. */
  public long seed() {
    return seed;
  }

  /** The run key the auditor trusts, or null to use the key the run's manifest names. */
  public NoteVerifier pinnedKey() {
    return pinnedKey;
  }

  public StepProofVerifier proofVerifier() {
    return proofVerifier;
  }

  /** Anchors whose own state the run's receipts are re-checked against (none by default). */
  public List<Anchor> anchors() {
    return anchors;
  }

  /** Whether an open (unfinished) run may pass: its prefix is checked either way. */
  public boolean allowOpen() {
    return allowOpen;
  }

  public AuditProgress progress() {
    return progress;
  }

  /** Where proof checks run, or null to run them on the calling thread. */
  public Executor executor() {
    return executor;
  }

  /** Checks the run's prover attestation, or null when no trust root was given (the check is then skipped). */
  public AttestationVerifier attestation() {
    return attestation;
  }

  /** Collects and checks the options. */
  public static final class Builder {
    private Long k;
    private long seed;
    private NoteVerifier pinnedKey;
    private StepProofVerifier proofVerifier = StepProofVerifier.NONE;
    private List<Anchor> anchors = List.of();
    private boolean allowOpen;
    private AuditProgress progress = AuditProgress.NONE;
    private Executor executor;
    private AttestationVerifier attestation;

    private Builder() {}

    /** Checks a declared prover's attestation with {@code v} (configured with a trust root and policy). */
    public Builder attestation(AttestationVerifier v) {
      this.attestation = v;
      return this;
    }

    /** Checks the proofs of {@code k} steps drawn with {@code seed} instead of all. */
    public Builder sample(long k, long seed) {
      if (k < 1) throw new IllegalArgumentException("sample at least one step, not " + k);
      this.k = k;
      this.seed = seed;
      return this;
    }

    public Builder pinnedKey(NoteVerifier key) {
      this.pinnedKey = key;
      return this;
    }

    public Builder proofVerifier(StepProofVerifier v) {
      this.proofVerifier = Objects.requireNonNull(v);
      return this;
    }

    public Builder anchors(List<Anchor> anchors) {
      this.anchors = List.copyOf(anchors);
      return this;
    }

    public Builder allowOpen(boolean allow) {
      this.allowOpen = allow;
      return this;
    }

    public Builder progress(AuditProgress p) {
      this.progress = Objects.requireNonNull(p);
      return this;
    }

    public Builder executor(Executor e) {
      this.executor = e;
      return this;
    }

    public AuditOptions build() {
      return new AuditOptions(this);
    }
  }
}
