package dev.zkautograd.ezkl;

import dev.zkautograd.zk.OptimizerKind;
import java.util.List;

/**
 * The optimizer-step graphs the worker builds (docs/ezkl-backend.md, "The circuit"): their inputs and
 * outputs in graph order, which is also the order of the hashes among a proof's public instances.
 */
public enum CircuitKind {
  /**
   * Adam: {m', u', w'} from {w, g, m, u, lr, β1, β2, ε, bc1, bc2, clip}, where u = v/(1 − β2) carries the
   * second moment (docs/ezkl-backend.md, "The circuit"), and the statement.
   */
  ADAM("adam", "adam_step.onnx", OptimizerKind.ADAM,
      List.of("w", "g", "m", "u", "lr", "beta1", "beta2", "eps", "bc1", "bc2", "clip", "statement"), 4,
      List.of("m_out", "u_out", "w_out")),
  /** SGD: {w'} from {w, g, lr, clip}, and the statement. */
  SGD("sgd", "sgd_step.onnx", OptimizerKind.SGD, List.of("w", "g", "lr", "clip", "statement"), 2, List.of("w_out"));

  /**
   * Version of the graphs the worker builds (its {@code GRAPH_VERSION}): keys made for another version
   * prove another computation and are refused.
   */
  public static final int GRAPH_VERSION = 3;

  private final String id;
  private final String graphFile;
  private final OptimizerKind optimizer;
  private final List<String> inputs;
  private final int vectorInputs;
  private final List<String> outputs;

  CircuitKind(String id, String graphFile, OptimizerKind optimizer, List<String> inputs, int vectorInputs, List<String> outputs) {
    this.id = id;
    this.graphFile = graphFile;
    this.optimizer = optimizer;
    this.inputs = inputs;
    this.vectorInputs = vectorInputs;
    this.outputs = outputs;
  }

  /** "adam" or "sgd", as on the command line and in {@code keys.json}. */
  public String id() {
    return id;
  }

  /** The ONNX file of the graph in a key folder. */
  public String graphFile() {
    return graphFile;
  }

  public OptimizerKind optimizer() {
    return optimizer;
  }

  /**
   * Input names in graph order: the first {@link #vectorInputs()} are vectors of dim values, then the
   * scalars, and last the statement ({@link StatementWords}).
   */
  public List<String> inputs() {
    return inputs;
  }

  public int vectorInputs() {
    return vectorInputs;
  }

  /** Output names in graph order (vectors of dim values). */
  public List<String> outputs() {
    return outputs;
  }

  /** Scalar inputs (the step's hyper-parameters and bias corrections), between the vectors and the statement. */
  public int scalarInputs() {
    return inputs.size() - vectorInputs - 1;
  }

  /** Instance index of the statement's hash: the last input's. */
  public int statementInstance() {
    return inputs.size() - 1;
  }

  /** Public instances of a proof: one Poseidon hash per input and per output. */
  public int instanceCount() {
    return inputs.size() + outputs.size();
  }

  /** Instance indexes of the state before the step (w, then m and u for Adam), in state order. */
  public int[] stateInInstances() {
    return this == ADAM ? new int[] {0, 2, 3} : new int[] {0};
  }

  /** Instance indexes of the state after the step (w', then m' and u' for Adam), in state order. */
  public int[] stateOutInstances() {
    int o = inputs.size();
    return this == ADAM ? new int[] {o + 2, o, o + 1} : new int[] {o};
  }

  /** The kind for an id, or null. */
  public static CircuitKind ofId(String id) {
    for (CircuitKind k : values()) {
      if (k.id.equals(id)) return k;
    }
    return null;
  }

  /** The kind that proves an optimizer. */
  public static CircuitKind of(OptimizerKind optimizer) {
    return optimizer == OptimizerKind.ADAM ? ADAM : SGD;
  }
}
