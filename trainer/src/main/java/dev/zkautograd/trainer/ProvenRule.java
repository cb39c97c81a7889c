package dev.zkautograd.trainer;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;

/**
 * A declared optimizer rule as the trainer uses it: the integer update it applies, the statement
 * its proofs make, and the witness a chunk's proof needs. One implementation per rule of {@code
 * core.optimizer}; the proof system never sees anything but statements and witnesses.
 */
public interface ProvenRule {

  /** The run declaration's optimizer entry. */
  OptimizerSpec spec();

  /** The state before the first step, from the base model's weights. */
  TrainingState initial(long[] weights);

  /** What the proof of one chunk of step {@code step} states. */
  StepStatement statement(long step, long params, int chunk, long offset, int length);

  /** The secret inputs of that proof, from the chunk's slice of the state and gradient. */
  StepWitness witness(TrainingState chunk, long[] gradient, BlindingSeed in, BlindingSeed out);

  /** The state after step {@code step}: exactly the update the proofs prove. */
  TrainingState apply(TrainingState state, long[] gradient, long step) throws CoreException;

  /** Plain SGD with clipping. */
  static ProvenRule sgd(SgdRule rule) {
    return new ProvenRule() {
      @Override
      public OptimizerSpec spec() {
        return new OptimizerSpec.Sgd(FixedPoint.FRAC_BITS, rule.learningRate(), rule.clip());
      }

      @Override
      public TrainingState initial(long[] weights) {
        return new TrainingState(weights, new long[0], new long[0]);
      }

      @Override
      public StepStatement statement(long step, long params, int chunk, long offset, int length) {
        return StepStatement.sgd(rule.learningRate(), rule.clip(), step, params, chunk, offset, length);
      }

      @Override
      public StepWitness witness(TrainingState c, long[] gradient, BlindingSeed in, BlindingSeed out) {
        return new StepWitness(c.weights(), gradient, in, out);
      }

      @Override
      public TrainingState apply(TrainingState state, long[] gradient, long step) throws CoreException {
        return initial(rule.apply(state.weights(), gradient));
      }
    };
  }

  /** Adam with bias correction and clipping. */
  static ProvenRule adam(AdamRule rule) {
    return new ProvenRule() {
      @Override
      public OptimizerSpec spec() {
        return new OptimizerSpec.Adam(FixedPoint.FRAC_BITS, rule.learningRate(), rule.beta1(), rule.beta2(),
            rule.epsilon(), rule.clip());
      }

      @Override
      public TrainingState initial(long[] weights) {
        return new TrainingState(weights, new long[weights.length], new long[weights.length]);
      }

      @Override
      public StepStatement statement(long step, long params, int chunk, long offset, int length) {
        return StepStatement.adam(rule.learningRate(), rule.beta1(), rule.beta2(), rule.epsilon(), rule.clip(), step,
            params, chunk, offset, length);
      }

      @Override
      public StepWitness witness(TrainingState c, long[] gradient, BlindingSeed in, BlindingSeed out) {
        return StepWitness.adam(c.weights(), c.moments(), c.secondMoments(), gradient, in, out);
      }

      @Override
      public TrainingState apply(TrainingState state, long[] gradient, long step) throws CoreException {
        AdamState next = rule.apply(new AdamState(state.weights(), state.moments(), state.secondMoments()), gradient, step);
        return new TrainingState(next.weights(), next.moments(), next.secondMoments());
      }
    };
  }
}
