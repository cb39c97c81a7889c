package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNumber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a step record says before it is sealed into the log: what was proven and how, without
 * the derived roots and the hash-chain links ({@code prev}, {@code chain}) that {@link
 * StepRecord#seal} adds. Built by a validating {@link Builder}.
 */
public final class StepDraft {
  /** Most chunks one step may have. */
  public static final int MAX_CHUNKS = 10_000;

  private final String runId;
  private final long step;
  private final Backend backend;
  private final OptimizerSpec optimizer;
  private final long params;
  private final List<ChunkEntry> chunks;
  private final String loss;
  private final Quantisation quantisation;
  private final long proveMs;
  private final StepSignature signature;

  private StepDraft(Builder b) {
    this.runId = b.runId;
    this.step = b.step;
    this.backend = b.backend;
    this.optimizer = b.optimizer;
    this.params = b.params;
    this.chunks = List.copyOf(b.chunks);
    this.loss = b.loss;
    this.quantisation = b.quantisation;
    this.proveMs = b.proveMs;
    this.signature = b.signature;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this draft's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().runId(runId).step(step).backend(backend).optimizer(optimizer).params(params)
        .chunks(chunks).loss(loss).quantisation(quantisation).proveMs(proveMs);
    b.signature = signature;
    return b;
  }

  public String runId() {
    return runId;
  }

  /** 0-based step number. */
  public long step() {
    return step;
  }

  public Backend backend() {
    return backend;
  }

  public OptimizerSpec optimizer() {
    return optimizer;
  }

  /** Number of trained parameters; the chunks tile [0, params). */
  public long params() {
    return params;
  }

  public List<ChunkEntry> chunks() {
    return chunks;
  }

  /** The batch loss as a decimal string, for display only. */
  public String loss() {
    return loss;
  }

  public Quantisation quantisation() {
    return quantisation;
  }

  /** Wall-clock milliseconds the proof took. */
  public long proveMs() {
    return proveMs;
  }

  /** The prover's step signature, or null when absent. */
  public StepSignature signature() {
    return signature;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepDraft d && d.runId.equals(runId) && d.step == step && d.backend == backend
        && d.optimizer.equals(optimizer) && d.params == params && d.chunks.equals(chunks) && d.loss.equals(loss)
        && d.quantisation.equals(quantisation) && d.proveMs == proveMs && Objects.equals(d.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, step, chunks, loss);
  }

  /** Collects a draft's values; {@link #build()} checks them, naming the field at fault. */
  public static final class Builder {
    private String runId;
    private long step = -1;
    private Backend backend;
    private OptimizerSpec optimizer;
    private long params;
    private List<ChunkEntry> chunks = new ArrayList<>();
    private String loss;
    private Quantisation quantisation;
    private long proveMs = -1;
    private StepSignature signature;

    private Builder() {}

    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    public Builder step(long step) {
      this.step = step;
      return this;
    }

    public Builder backend(Backend backend) {
      this.backend = backend;
      return this;
    }

    public Builder optimizer(OptimizerSpec optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder params(long params) {
      this.params = params;
      return this;
    }

    public Builder chunks(List<ChunkEntry> chunks) {
      this.chunks = new ArrayList<>(chunks);
      return this;
    }

    public Builder loss(String loss) {
      this.loss = loss;
      return this;
    }

    public Builder quantisation(Quantisation quantisation) {
      this.quantisation = quantisation;
      return this;
    }

    public Builder proveMs(long proveMs) {
      this.proveMs = proveMs;
      return this;
    }

    /** Optional; null removes it. */
    public Builder signature(StepSignature signature) {
      this.signature = signature;
      return this;
    }

    public StepDraft build() throws CoreException {
      RunLayout.checkRunId(required(runId, "run"), "run");
      range("step", step, 0, JsonNumber.MAX_SAFE_INTEGER);
      required(backend, "backend");
      required(optimizer, "optimizer");
      range("params", params, 1, JsonNumber.MAX_SAFE_INTEGER);
      if (!JsonFields.isDecimal(required(loss, "loss"), true) || loss.length() > 64) {
        throw bad("loss", "not a decimal number", "digits with an optional fraction, no exponent", loss);
      }
      required(quantisation, "quantisation");
      range("prove_ms", proveMs, 0, JsonNumber.MAX_SAFE_INTEGER);
      checkTiling();
      return new StepDraft(this);
    }

    /** The chunks must cover [0, params) exactly once, in index order, each with its own proof file. */
    private void checkTiling() throws CoreException {
      if (chunks.isEmpty() || chunks.size() > MAX_CHUNKS) {
        throw bad("chunks", "a step has 1 to " + MAX_CHUNKS + " chunks", "1-" + MAX_CHUNKS, chunks.size());
      }
      long next = 0;
      Set<RelativePath> proofs = new HashSet<>();
      for (int i = 0; i < chunks.size(); i++) {
        ChunkEntry c = chunks.get(i);
        if (c.index() != i) {
          throw bad("chunks[" + i + "].index", "chunks must be listed in index order", i, c.index());
        }
        if (c.offset() != next) {
          throw bad("chunks[" + i + "].offset", "chunks must tile [0, params) exactly once, in order", next, c.offset());
        }
        next = c.offset() + c.length();
        if (next > params) {
          throw bad("chunks[" + i + "].length", "chunk reaches past the last parameter", "end <= " + params, next);
        }
        if (!proofs.add(c.proof())) {
          throw bad("chunks[" + i + "].proof", "two chunks name the same proof file", "distinct paths", c.proof());
        }
      }
      if (next != params) {
        throw bad("chunks", "chunks must tile [0, params) exactly once, in order", "cover up to " + params, "cover up to " + next);
      }
    }

    private static <T> T required(T value, String field) throws CoreException {
      if (value == null) {
        throw CoreException.of(Reason.MISSING_FIELD, "required field is missing").field(field).build();
      }
      return value;
    }

    private static void range(String field, long v, long min, long max) throws CoreException {
      if (v < min || v > max) {
        throw bad(field, "value out of range", "[" + min + ", " + max + "]", v);
      }
    }

    private static CoreException bad(String field, String detail, Object expected, Object actual) {
      return CoreException.of(Reason.BAD_FIELD, detail).field(field).expected(expected).actual(actual).build();
    }
  }
}
