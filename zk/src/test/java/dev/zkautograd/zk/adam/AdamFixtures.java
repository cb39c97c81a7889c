package dev.zkautograd.zk.adam;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.AdamState;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.sgd.SgdFixtures;
import java.util.Random;

/** Shared inputs of the Adam proof tests: seeded, with moments from a few honest steps. */
public final class AdamFixtures {
  public static final AdamRule RULE = AdamRule.of(1e-2, 0.9, 0.999, 1e-8, 0.99);

  private AdamFixtures() {}

  /** An 8-bit-limb statement (small traces) for {@code length} parameters. */
  public static StepStatement statement(int length, long step) {
    return StepStatement.adam(RULE.learningRate(), RULE.beta1(), RULE.beta2(), RULE.epsilon(), RULE.clip(), step, length, 0,
        0, length).withLimbBits(8);
  }

  /** Gradients in (-1.5, 1.5), so some are clipped on both sides of 0.99. */
  public static long[] gradients(int length, long seed) {
    Random r = new Random(seed ^ 0x5851f42d4c957f2dL);
    long[] g = new long[length];
    for (int i = 0; i < length; i++) {
      g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 3);
    }
    return g;
  }

  /** The state before step {@code step}: random weights, then {@code step} honest Adam steps. */
  public static AdamState state(int length, long step, long seed) throws CoreException {
    AdamState s = AdamState.initial(SgdFixtures.weights(length, seed));
    for (long k = 0; k < step; k++) {
      s = RULE.apply(s, gradients(length, seed * 1000 + k), k);
    }
    return s;
  }

  /** The witness of step {@code step} from {@code state} (state number {@code step}). */
  public static StepWitness witness(AdamState state, long[] gradients, long step) {
    int n = state.size();
    long[] m = new long[n];
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      m[i] = state.moment(i);
      v[i] = state.secondMoment(i);
    }
    return StepWitness.adam(state.weights(), m, v, gradients, SgdFixtures.seed(step), SgdFixtures.seed(step + 1));
  }
}
