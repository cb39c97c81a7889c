package dev.zkautograd.zk.backend;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.audit.StepProofVerifier;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.zk.ProofVerifier;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationPolicy;

/**
 * Verifies the chunk proofs of a run's step records with a proof backend. The public inputs are
 * rebuilt from the record alone (optimizer and hyper-parameters, step, parameter count, chunk range
 * and the chunk's two state roots), never read from the proof, so a proof for any other statement
 * is rejected. It depends on nothing of the prover (checked by {@code ArchitectureTest}): the browser
 * verifier runs it as it is.
 */
public final class RecordedStepVerifier implements StepProofVerifier {
  private final ProofVerifier backend;
  private final VerificationPolicy policy;
  private final Backend supported;

  /** Verifies the STARK runs' proofs with {@code backend}. */
  public RecordedStepVerifier(ProofVerifier backend, VerificationPolicy policy) {
    this(backend, policy, Backend.STARK);
  }

  /** Verifies the proofs of runs declaring {@code supported} with {@code backend}. */
  public RecordedStepVerifier(ProofVerifier backend, VerificationPolicy policy, Backend supported) {
    this.backend = backend;
    this.policy = policy;
    this.supported = supported;
  }

  /** The STARK at the default policy (at least 100 proven bits). */
  public static RecordedStepVerifier stark() {
    return new RecordedStepVerifier(StarkProofVerifier.INSTANCE, VerificationPolicy.DEFAULT);
  }

  /** The public inputs the record states for one of its chunks. */
  public static StepPublicInputs publicInputs(StepRecord record, ChunkEntry chunk) throws CoreException {
    OptimizerSpec o = record.draft().optimizer();
    if (o.fracBits() != FixedPoint.FRAC_BITS) {
      // The step AIRs are written for Q32; a record declaring another format states a rule they do not prove.
      throw CoreException.of(CoreException.Reason.UNSUPPORTED_VERSION, "the STARK proves Q32 optimizer rules only")
          .step(record.step()).field("optimizer.frac_bits").expected(FixedPoint.FRAC_BITS).actual(o.fracBits()).build();
    }
    int length = Math.toIntExact(chunk.length());
    StepStatement statement = StepStatement.of(o, record.step(), record.draft().params(), chunk.index(), chunk.offset(), length);
    return new StepPublicInputs(statement, chunk.stateIn(), chunk.stateOut());
  }

  @Override
  public boolean supports(Backend b) {
    return b == supported;
  }

  @Override
  public void verify(StepRecord record, ChunkEntry chunk, byte[] proof) throws CoreException {
    StepPublicInputs inputs = publicInputs(record, chunk);
    try {
      backend.verify(proof, inputs, policy);
    } catch (VerificationException e) {
      CoreException.Builder b = CoreException.of(CoreException.Reason.PROOF_INVALID,
          "the " + backend.id() + " proof of chunk " + chunk.index() + " is rejected: " + e.getMessage())
          .file(chunk.proof().value()).step(record.step()).field(e.reason().name());
      if (e.expected() != null || e.actual() != null) {
        b.expected(e.expected()).actual(e.actual());
      }
      throw b.build(e);
    }
  }
}
