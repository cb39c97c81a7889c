package dev.zkautograd.zk.backend;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.adam.AdamAir;
import dev.zkautograd.zk.adam.AdamStepVerifier;
import dev.zkautograd.zk.adam.AdamTrace;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.prover.CommittedState;
import dev.zkautograd.zk.prover.RandomSource;
import dev.zkautograd.zk.prover.StarkProver;
import dev.zkautograd.zk.sgd.SgdAir;
import dev.zkautograd.zk.sgd.SgdStepVerifier;
import dev.zkautograd.zk.sgd.SgdTrace;
import java.util.Map;

/** The transparent zero-knowledge STARK behind {@link ProofBackend}. */
public final class StarkBackend implements ProofBackend {
  private final ParameterChoice parameters;
  private final RandomSource random;
  private final RetainedStates states; // null: every proof commits both its states itself

  /**
   * Proves at least the default policy's bits ({@link VerificationPolicy#DEFAULT}) with the
   * cheapest parameters for each trace, and SecureRandom.
   */
  public StarkBackend() {
    this(ParameterChoice.proven(VerificationPolicy.DEFAULT.minimumBits()), RandomSource.secure());
  }

  /** With fixed parameters and explicit randomness. */
  public StarkBackend(ProofParameters params, RandomSource random) {
    this(ParameterChoice.fixed(params), random);
  }

  /** With a parameter choice and explicit randomness. */
  public StarkBackend(ParameterChoice parameters, RandomSource random) {
    this(parameters, random, null);
  }

  private StarkBackend(ParameterChoice parameters, RandomSource random, RetainedStates states) {
    this.parameters = parameters;
    this.random = random;
    this.states = states;
  }

  /**
   * This backend keeping the committed state_out of its last {@code capacity} proofs, so that the
   * proof of the next step of the same chunk takes it as its state_in instead of committing it again
   * (one segment's extension and Merkle tree less per step). For a prover that proves runs step
   * after step; give the number of chunks per step. Proofs are the same with or without it.
   */
  public StarkBackend retainingStates(int capacity) {
    return new StarkBackend(parameters, random, new RetainedStates(capacity));
  }

  @Override
  public String id() {
    return "stark";
  }

  @Override
  public StepProof prove(StepStatement statement, StepWitness witness) throws VerificationException {
    Prepared p = prepare(statement, witness);
    ProofParameters params = parameters.choose(CompiledAir.of(p.air()));
    StarkProver prover = new StarkProver(params, random);
    if (states == null) {
      return prove(p.air(), p.trace(), witness.stateInSeed(), witness.stateOutSeed(), prover);
    }
    CommittedState in = states.take(witness.stateInSeed().fingerprint());
    StarkProver.Profiled profiled = prover.proveProfiled(p.air(), p.trace(), seeds(witness),
        in == null ? Map.of() : Map.of(StepAir.STATE_IN, in));
    states.put(witness.stateOutSeed().fingerprint(), profiled.states().get(StepAir.STATE_OUT));
    return withPublicInputs(p.air(), profiled.proof());
  }

  private static Map<String, BlindingSeed> seeds(StepWitness witness) {
    return Map.of(StepAir.STATE_IN, witness.stateInSeed(), StepAir.STATE_OUT, witness.stateOutSeed());
  }

  /** The AIR of a statement and the trace of a witness for it, ready for a prover. */
  public record Prepared(StepAir air, Map<String, long[]> trace) {}

  /** Picks the statement's AIR and builds the witness's trace (refused if the witness breaks the rule). */
  public static Prepared prepare(StepStatement statement, StepWitness witness) throws VerificationException {
    if (statement.optimizer() == OptimizerKind.ADAM) {
      AdamAir adam = AdamAir.of(statement);
      return new Prepared(adam,
          AdamTrace.build(adam, witness.weights(), witness.moments(), witness.secondMoments(), witness.gradients()));
    }
    SgdAir sgd = SgdAir.of(statement);
    return new Prepared(sgd, SgdTrace.build(sgd, witness.weights(), witness.gradients()));
  }

  /** Proves a prepared trace with a given prover (shared with benchmarks and tests). */
  public static StepProof prove(StepAir air, Map<String, long[]> trace, BlindingSeed in, BlindingSeed out,
      StarkProver prover) throws VerificationException {
    StarkProof proof = prover.prove(air, trace, Map.of(StepAir.STATE_IN, in, StepAir.STATE_OUT, out));
    return withPublicInputs(air, proof);
  }

  /** Pairs a proof with the public inputs it carries. */
  public static StepProof withPublicInputs(StepAir air, StarkProof proof) {
    CompiledAir ca = CompiledAir.of(air);
    Digest rootIn = Digest.of(proof.segmentRoots().get(ca.layout().segmentIndex(StepAir.STATE_IN)));
    Digest rootOut = Digest.of(proof.segmentRoots().get(ca.layout().segmentIndex(StepAir.STATE_OUT)));
    return new StepProof(new StepPublicInputs(air.stepStatement(), rootIn, rootOut), ProofCodec.encode(proof));
  }

  @Override
  public void verify(byte[] proof, StepPublicInputs publicInputs, VerificationPolicy policy) throws VerificationException {
    if (publicInputs == null || policy == null) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "public inputs and policy are required");
    }
    if (publicInputs.statement().optimizer() == OptimizerKind.ADAM) {
      AdamStepVerifier.verify(proof, publicInputs, policy);
    } else {
      SgdStepVerifier.verify(proof, publicInputs, policy);
    }
  }
}
