package dev.zkautograd.core.audit;

import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorResolver;
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
  private final List<Long> steps;
  private final List<EarlierHead> earlierHeads;
  private final NoteVerifier pinnedKey;
  private final StepProofVerifier proofVerifier;
  private final List<Anchor> anchors;
  private final AnchorResolver anchorResolver;
  private final boolean allowOpen;
  private final AuditProgress progress;
  private final Executor executor;
  private final StepTasks stepTasks;
  private final AttestationVerifier attestation;
  private final TorrentSource torrent;

  /** A torrent file to check against the run, by the name reports give it. */
  public record TorrentSource(String name, byte[] bytes) {
    public TorrentSource {
      java.util.Objects.requireNonNull(name);
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  private AuditOptions(Builder b) {
    this.attestation = b.attestation;
    this.k = b.k;
    this.seed = b.seed;
    this.steps = b.steps == null ? null : List.copyOf(b.steps);
    this.earlierHeads = b.earlierHeads == null ? null : List.copyOf(b.earlierHeads);
    this.pinnedKey = b.pinnedKey;
    this.proofVerifier = b.proofVerifier;
    this.anchors = List.copyOf(b.anchors);
    this.anchorResolver = b.anchorResolver;
    this.allowOpen = b.allowOpen;
    this.progress = b.progress;
    this.executor = b.executor;
    this.torrent = b.torrent;
    this.stepTasks = b.stepTasks;
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

  /** The steps the auditor named, whose proofs are checked instead of a sample; null when none were named. */
  public List<Long> steps() {
    return steps;
  }

  /**
   * Null, or the tree heads remembered from before: then the audit also checks an inclusion proof
   * for each sampled step and consistency proofs from these heads and every head {@code anchors.json}
   * records to the signed checkpoint ({@link dev.zkautograd.core.run.RunCheck#INCLUSION}, {@link
   * dev.zkautograd.core.run.RunCheck#CONSISTENCY}).
   */
  public List<EarlierHead> earlierHeads() {
    return earlierHeads;
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

  /**
   * Finds the anchor of each receipt kind that {@link #anchors()} does not give, from the receipts
   * themselves ({@link AnchorResolver#NONE} by default).
   */
  public AnchorResolver anchorResolver() {
    return anchorResolver;
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

  StepTasks stepTasks() {
    return stepTasks;
  }

  /** Checks the run's prover attestation, or null when no trust root was given (the check is then skipped). */
  public AttestationVerifier attestation() {
    return attestation;
  }

  /** A torrent file of the run to check (its info-hash against the manifest's), or null. */
  public TorrentSource torrent() {
    return torrent;
  }

  /** Collects and checks the options. */
  public static final class Builder {
    private Long k;
    private long seed;
    private List<Long> steps;
    private List<EarlierHead> earlierHeads;
    private NoteVerifier pinnedKey;
    private StepProofVerifier proofVerifier = StepProofVerifier.NONE;
    private List<Anchor> anchors = List.of();
    private AnchorResolver anchorResolver = AnchorResolver.NONE;
    private boolean allowOpen;
    private AuditProgress progress = AuditProgress.NONE;
    private Executor executor;
    private StepTasks stepTasks = StepTasks.SEQUENTIAL;
    private AttestationVerifier attestation;
    private TorrentSource torrent;

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
      this.steps = null;
      return this;
    }

    /** Checks the proofs of the named steps (the step a page shows) instead of all or a sample. */
    public Builder steps(List<Long> named) {
      this.steps = List.copyOf(named);
      this.k = null;
      return this;
    }

    /**
     * Also checks the log proofs a light auditor relies on: an inclusion proof of each sampled step and
     * consistency from {@code remembered} (may be empty) and the anchored heads to the checkpoint.
     */
    public Builder logProofs(List<EarlierHead> remembered) {
      this.earlierHeads = List.copyOf(remembered);
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

    public Builder anchorResolver(AnchorResolver resolver) {
      this.anchorResolver = Objects.requireNonNull(resolver);
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

    /** Runs the proof checks on {@code e} (null: on the calling thread). */
    public Builder executor(Executor e) {
      this.executor = e;
      // Created here, never in code the browser reaches: see StepTasks.
      this.stepTasks = e == null ? StepTasks.SEQUENTIAL : new ExecutorStepTasks(e);
      return this;
    }

    /** Checks the torrent file {@code bytes} (reported as {@code name}) against the run too. */
    public Builder torrent(String name, byte[] bytes) {
      this.torrent = new TorrentSource(name, bytes);
      return this;
    }

    public AuditOptions build() {
      return new AuditOptions(this);
    }
  }
}
