package dev.zkautograd.zk.proving;

import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.ProverUnavailableException;
import dev.zkautograd.zk.VerificationException;
import java.util.concurrent.CompletableFuture;

/**
 * Proves whole steps, asynchronously: the seam between the trainer and wherever the proofs are made
 * — in this process ({@link #local}) or in the prover service, whose client the {@code enclave}
 * module provides. A step handed in completes later with its proofs and the prover's signature,
 * so the trainer can compute the next gradient meanwhile. Steps complete in the order they were
 * submitted.
 */
public interface StepProver extends AutoCloseable {

  /**
   * Starts proving {@code job}. The future fails with a {@link VerificationException} (for example
   * WITNESS_REJECTED) or a {@link ProverUnavailableException}; it never hangs past the prover's
   * own timeouts.
   */
  CompletableFuture<ProvenStep> prove(StepJob job);

  /** Where proofs are made, for messages: "in-process", "prover service at 127.0.0.1:7410". */
  String describe();

  /** Stops accepting steps; steps already submitted fail or complete. */
  @Override
  void close();

  /** Proves in this process with {@code backend}, chunks in parallel, one step at a time; unsigned. */
  static StepProver local(ProofBackend backend) {
    return new LocalStepProver(backend, null);
  }

  /** Proves in this process and signs each step with {@code signer} (what the prover service runs). */
  static StepProver local(ProofBackend backend, StepSigner signer) {
    return new LocalStepProver(backend, signer);
  }
}
