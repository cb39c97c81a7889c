package dev.zkautograd.trainer;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Quantisation;
import dev.zkautograd.core.run.RelativePath;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenChunk;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Training in which every step is proven: quantise the gradient, prove the integer update of every
 * chunk (SGD or Adam, a {@link ProvenRule}), append the step to the run, then apply exactly the update that was proven. The next
 * step's proof recommits the weights this one produced under the same blinding seed, so the state
 * roots chain from step to step.
 */
public final class ProvenTraining {
  private final GradientSource source;
  private final ProvenRule rule;
  private final ProofBackend backend;
  private final Backend recordedBackend;
  private final int chunks;
  private final SecretBytes masterSeed;

  /**
   * @param chunks number of chunks each step is split into (each its own proof and state chain)
   * @param masterSeed secret from which every state's blinding seed is derived; whoever holds it
   *     and the weights can later open a state
   */
  public ProvenTraining(GradientSource source, ProvenRule rule, ProofBackend backend, int chunks, SecretBytes masterSeed) {
    this(source, rule, backend, Backend.STARK, chunks, masterSeed);
  }

  /**
   * @param recordedBackend the proof system the step records name (the run's declaration): {@code
   *     backend} must be an implementation of it
   */
  public ProvenTraining(GradientSource source, ProvenRule rule, ProofBackend backend, Backend recordedBackend, int chunks,
      SecretBytes masterSeed) {
    if (chunks < 1 || chunks > source.parameterCount()) {
      throw new IllegalArgumentException("chunks must be between 1 and the parameter count");
    }
    this.source = source;
    this.rule = rule;
    this.backend = backend;
    this.recordedBackend = recordedBackend;
    this.chunks = chunks;
    this.masterSeed = masterSeed;
  }

  /** The run declaration's optimizer entry for this rule. */
  public OptimizerSpec optimizerSpec() {
    return rule.spec();
  }

  /** The state before the first step: the base model's weights in Q32, zero moments. */
  public TrainingState initialState() {
    return rule.initial(Arrays.stream(source.initialWeights()).mapToLong(FixedPoint::encode).toArray());
  }

  /** What one proven step did, for progress displays and the summary. */
  public record StepReport(StepRecord record, double loss, long trainMillis, long proveMillis) {}

  /**
   * Proves and appends the writer's next step from {@code state}, and returns the state after the
   * step together with its report.
   */
  public Result step(RunWriter writer, TrainingState state) throws CoreException, VerificationException {
    long t = writer.nextStep();
    long started = System.nanoTime();
    long[] weights = state.weights();
    double[] real = Arrays.stream(weights).mapToDouble(FixedPoint::decode).toArray();
    GradientSource.Batch batch = source.gradient(t, real);
    long[] gradient = new long[weights.length];
    double maxError = 0;
    double sumError = 0;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = FixedPoint.encode(batch.gradient()[i]);
      double error = Math.abs(FixedPoint.decode(gradient[i]) - batch.gradient()[i]);
      maxError = Math.max(maxError, error);
      sumError += error;
    }
    long trained = System.nanoTime();

    ProvenChunk[] provenChunks = proveChunks(t, state, gradient);
    long proven = System.nanoTime();
    StepProof[] proofs = new StepProof[chunks];
    for (int c = 0; c < chunks; c++) proofs[c] = provenChunks[c].proof();

    List<ChunkEntry> entries = new java.util.ArrayList<>();
    Map<RelativePath, byte[]> files = new LinkedHashMap<>();
    for (int c = 0; c < chunks; c++) {
      RelativePath path = RunLayout.proofPath(t, c, chunks);
      StepProof p = proofs[c];
      entries.add(new ChunkEntry(c, chunkStart(c), chunkStart(c + 1) - chunkStart(c), p.publicInputs().rootStateIn(),
          p.publicInputs().rootStateOut(), path, Digest.sha256(p.proof())));
      files.put(path, p.proof());
    }
    StepDraft draft = StepDraft.builder()
        .runId(writer.spec().runId())
        .step(t)
        .backend(recordedBackend)
        .optimizer(optimizerSpec())
        .params(state.size())
        .chunks(entries)
        .loss(decimal(batch.loss()))
        .quantisation(new Quantisation(decimal(maxError), decimal(sumError / gradient.length)))
        .proveMs((proven - trained) / 1_000_000)
        .build();
    StepRecord record = writer.append(draft, files);
    TrainingState next = next(state, gradient, t, provenChunks);
    return new Result(next, new StepReport(record, batch.loss(), (trained - started) / 1_000_000,
        (proven - trained) / 1_000_000));
  }

  /**
   * The state after the step: the declared integer rule, or — where the backend's circuit computes the
   * update in its own arithmetic — the chunks' states as their proofs state them.
   */
  private TrainingState next(TrainingState state, long[] gradient, long t, ProvenChunk[] proven) throws CoreException {
    if (proven[0].computedState() == null) {
      return rule.apply(state, gradient, t);
    }
    long[] w = new long[state.size()];
    long[] m = new long[state.hasMoments() ? state.size() : 0];
    long[] v = new long[m.length];
    for (int c = 0; c < chunks; c++) {
      ProvenChunk.ChunkState s = proven[c].computedState();
      int from = (int) chunkStart(c);
      System.arraycopy(s.weights(), 0, w, from, s.weights().length);
      if (m.length > 0) {
        System.arraycopy(s.moments(), 0, m, from, s.moments().length);
        System.arraycopy(s.secondMoments(), 0, v, from, s.secondMoments().length);
      }
    }
    return new TrainingState(w, m, v);
  }

  /** The state after a step and what the step did. */
  public record Result(TrainingState state, StepReport report) {}

  private ProvenChunk[] proveChunks(long t, TrainingState state, long[] gradient) throws VerificationException {
    ProvenChunk[] proofs = new ProvenChunk[chunks];
    VerificationException[] failure = new VerificationException[1];
    // Chunks are independent proofs; the prover parallelises inside each one as well.
    IntStream.range(0, chunks).parallel().forEach(c -> {
      int from = (int) chunkStart(c);
      int to = (int) chunkStart(c + 1);
      StepStatement statement = rule.statement(t, state.size(), c, from, to - from);
      StepWitness witness = rule.witness(state.slice(from, to), Arrays.copyOfRange(gradient, from, to),
          BlindingSeed.derive(masterSeed, c, t), BlindingSeed.derive(masterSeed, c, t + 1));
      try {
        proofs[c] = backend.proveChunk(statement, witness);
      } catch (VerificationException e) {
        synchronized (failure) {
          failure[0] = e;
        }
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
    return proofs;
  }

  private long chunkStart(int c) {
    return (long) source.parameterCount() * c / chunks;
  }

  private static String decimal(double x) {
    return new BigDecimal(x).setScale(12, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }
}
