package dev.zkautograd.zk;

/** The optimizer rule a step proof is about; its code is part of the public statement. */
public enum OptimizerKind {
  /** Plain SGD with clipping: hyper-parameters (learning rate, clip), Q32. */
  SGD(1),
  /** Adam with bias correction and clipping: hyper-parameters (lr, β1, β2, ε, clip), Q32. */
  ADAM(2);

  private final int code;

  OptimizerKind(int code) {
    this.code = code;
  }

  /** The byte written in statements. */
  public int code() {
    return code;
  }

  /** The kind for a statement byte, or null. */
  public static OptimizerKind ofCode(int code) {
    for (OptimizerKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /** Lower-case name as used on the command line ("sgd"). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
