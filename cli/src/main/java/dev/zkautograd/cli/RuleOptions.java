package dev.zkautograd.cli;

import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.trainer.ProvenRule;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The declared optimizer rule as options, shared by {@code demo} and {@code zk-setup-zk --backend stark}: a
 * parameters file is made for one rule, so both commands must read the same options with the same defaults
 * into the same rule.
 */
final class RuleOptions {
  /** The demo's learning rates when --lr is not given: for the shipped MLP, and for the generated task of --params. */
  static final double MLP_LR = 0.002;

  static final double LINEAR_LR = 0.05;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", description = "Learning rate (default: " + MLP_LR + " for the MLP, " + LINEAR_LR + " for --params).")
  Double lr;

  @Option(names = "--beta1", defaultValue = "0.9", description = "Adam's β1 (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(names = "--beta2", defaultValue = "0.999", description = "Adam's β2 (default: ${DEFAULT-VALUE}).")
  double beta2;

  @Option(names = "--eps", defaultValue = "1e-8", description = "Adam's ε, at least one unit in Q32 (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--clip", defaultValue = "0.99", description = "Per-coordinate gradient clipping bound, part of the proven rule; below 1 for Adam (default: ${DEFAULT-VALUE}).")
  double clip;

  /**
   * The rule of these options.
   *
   * @param generatedTask whether the run trains the generated task of --params (another default learning rate)
   * @throws IllegalArgumentException if the hyper-parameters make no valid rule
   */
  ProvenRule rule(boolean generatedTask, CommandSpec spec) {
    double rate = lr != null ? lr : generatedTask ? LINEAR_LR : MLP_LR;
    switch (optimizer) {
      case "adam":
        return ProvenRule.adam(AdamRule.of(rate, beta1, beta2, eps, clip));
      case "sgd":
        return ProvenRule.sgd(SgdRule.of(rate, clip));
      default:
        throw new ParameterException(spec.commandLine(), "--optimizer: '" + optimizer + "' is not adam or sgd");
    }
  }
}
