package dev.zkautograd.core.audit;

/**
 * Told how far an audit has got, for a progress bar. The long phases are hashing the files the
 * manifest lists and checking the sampled steps' proofs; {@link #advance()} may be called from the
 * threads of the audit's executor.
 */
public interface AuditProgress {

  /** A phase of {@code total} units (files, steps) begins. */
  void begin(String phase, long total);

  /** One unit of the current phase is done. */
  void advance();

  /** The current phase is over. */
  void end();

  /** Reports nowhere. */
  AuditProgress NONE = new AuditProgress() {
    @Override
    public void begin(String phase, long total) {}

    @Override
    public void advance() {}

    @Override
    public void end() {}
  };
}
