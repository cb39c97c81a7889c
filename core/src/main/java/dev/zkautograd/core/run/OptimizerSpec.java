package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;

/**
 * The declared optimizer rule of a run and its public hyper-parameters, as fixed-point integers:
 * a hyper-parameter h stands for h / 2^frac_bits (DESIGN §4, {@code docs/optimizer-rules.md}). They
 * are written as decimal strings because they need not fit the JSON safe-integer range.
 */
public sealed interface OptimizerSpec permits OptimizerSpec.Sgd, OptimizerSpec.Adam {
  /** Fewest and most fractional bits accepted. */
  int MIN_FRAC_BITS = 1;

  int MAX_FRAC_BITS = 62;

  /** "sgd" or "adam". */
  String kind();

  int fracBits();

  /** Learning rate, ≥ 1 unit. */
  long lr();

  /** Gradient clipping bound, ≥ 1 unit; clipping is part of the rule. */
  long clip();

  /** The JSON object of this spec. */
  JsonObject toJson();

  /** Plain SGD: w' = w − lr·clip(g). */
  record Sgd(int fracBits, long lr, long clip) implements OptimizerSpec {
    public Sgd {
      checkCommon(fracBits, lr, clip);
    }

    @Override
    public String kind() {
      return "sgd";
    }

    @Override
    public JsonObject toJson() {
      return common(this).build();
    }
  }

  /** Adam with bias correction derived from the step number by the verifier. */
  record Adam(int fracBits, long lr, long beta1, long beta2, long eps, long clip) implements OptimizerSpec {
    public Adam {
      checkCommon(fracBits, lr, clip);
      if (beta1 < 0 || beta1 > maxBeta(fracBits) || beta2 < 0 || beta2 > maxBeta(fracBits)) {
        throw new IllegalArgumentException("betas must lie in [0, 1)");
      }
      if (eps < 1) {
        throw new IllegalArgumentException("eps must be at least one unit");
      }
    }

    @Override
    public String kind() {
      return "adam";
    }

    @Override
    public JsonObject toJson() {
      return common(this)
          .put("beta1", Long.toString(beta1))
          .put("beta2", Long.toString(beta2))
          .put("eps", Long.toString(eps))
          .build();
    }
  }

  /** Reads the spec from its JSON object; which members are required depends on "kind". */
  static OptimizerSpec read(JsonFields f) throws CoreException {
    String kind = f.oneOf("kind", "sgd", "adam");
    int fracBits = (int) f.integer("frac_bits", MIN_FRAC_BITS, MAX_FRAC_BITS);
    long lr = f.decimalInteger("lr", 1, Long.MAX_VALUE);
    long clip = f.decimalInteger("clip", 1, Long.MAX_VALUE);
    OptimizerSpec spec;
    if (kind.equals("adam")) {
      long beta1 = f.decimalInteger("beta1", 0, maxBeta(fracBits));
      long beta2 = f.decimalInteger("beta2", 0, maxBeta(fracBits));
      long eps = f.decimalInteger("eps", 1, Long.MAX_VALUE);
      spec = new Adam(fracBits, lr, beta1, beta2, eps, clip);
    } else {
      for (String adamOnly : new String[] {"beta1", "beta2", "eps"}) {
        if (f.has(adamOnly)) {
          throw f.bad(adamOnly, "hyper-parameter not used by sgd", "absent", "present");
        }
      }
      spec = new Sgd(fracBits, lr, clip);
    }
    f.refuseUnknown();
    return spec;
  }

  /** The largest beta, just under 1.0: 2^frac_bits − 1. */
  static long maxBeta(int fracBits) {
    return (1L << fracBits) - 1;
  }

  private static void checkCommon(int fracBits, long lr, long clip) {
    if (fracBits < MIN_FRAC_BITS || fracBits > MAX_FRAC_BITS) {
      throw new IllegalArgumentException("frac_bits must lie in [" + MIN_FRAC_BITS + ", " + MAX_FRAC_BITS + "]");
    }
    if (lr < 1 || clip < 1) {
      throw new IllegalArgumentException("lr and clip must be at least one unit");
    }
  }

  private static JsonObject.Builder common(OptimizerSpec s) {
    return JsonObject.builder()
        .put("kind", s.kind())
        .put("frac_bits", s.fracBits())
        .put("lr", Long.toString(s.lr()))
        .put("clip", Long.toString(s.clip()));
  }
}
