package dev.zkautograd.trainer;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Quantisation;
import dev.zkautograd.core.run.RelativePath;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenChunk;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.ProverUnavailableException;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.proving.StepProver;
import dev.zkautograd.zk.VerificationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Training in which every step is proven: quantise the gradient, have a {@link StepProver} prove the
 * integer update of every chunk (SGD or Adam, a {@link ProvenRule}), append the step to the run with
 * the prover's signature, and apply exactly the update that was proven. The next step's proof
 * recommits the weights this one produced under the same blinding seed, so the state roots chain
 * from step to step.
 *
 * <p>{@link #run} pipelines: while the prover proves step t, the trainer already computes the
 * gradient of step t+1. That is sound because the integer rule determines the weights of step t+1
 * before the proof of step t exists; the proof only confirms them, and the writer refuses step t+1
 * unless its proofs start from exactly the state step t's proofs ended in. Records are still
 * appended strictly in order, each only after its proofs arrived, so a crash leaves a verifiable
 * prefix and the unwritten step is simply proven again. With a {@link StateJournal}, the state each
 * step leads to is saved before its record is appended, so a killed run resumes from the log's last
 * record with exactly the state it ended in (docs/trainer.md, "Crashes and resume").
 */
public final class ProvenTraining {
  private final GradientSource source;
  private final ProvenRule rule;
  private final StepProver prover;
  private final Backend recorded;
  private final int chunks;
  private final SecretBytes masterSeed;

  /**
   * @param prover where proofs are made (in this process, or the prover service)
   * @param chunks number of chunks each step is split into (each its own proof and state chain)
   * @param masterSeed secret from which every state's blinding seed is derived; whoever holds it
   *     and the weights can later open a state
   */
  public ProvenTraining(GradientSource source, ProvenRule rule, StepProver prover, int chunks, SecretBytes masterSeed) {
    this(source, rule, prover, Backend.STARK, chunks, masterSeed);
  }

  /**
   * @param recorded the proof system the step records name (the run's declaration). For {@link
   *     Backend#EZKL}, whose circuit computes the update in its own fixed point, the trainer applies the
   *     state the proofs state ({@link ProvenStep#computedStates}) instead of the integer rule, and so
   *     waits for step t's proofs before it computes step t+1's gradient (no pipelining).
   */
  public ProvenTraining(GradientSource source, ProvenRule rule, StepProver prover, Backend recorded, int chunks,
      SecretBytes masterSeed) {
    if (chunks < 1 || chunks > source.parameterCount()) {
      throw new IllegalArgumentException("chunks must be between 1 and the parameter count");
    }
    this.source = source;
    this.rule = rule;
    this.prover = prover;
    this.recorded = recorded;
    this.chunks = chunks;
    this.masterSeed = masterSeed;
  }

  /** Proves in this process with {@code backend}, unsigned. */
  public ProvenTraining(GradientSource source, ProvenRule rule, ProofBackend backend, int chunks, SecretBytes masterSeed) {
    this(source, rule, StepProver.local(backend), chunks, masterSeed);
  }

  /** Proves in this process with {@code backend}, unsigned, the records naming {@code recorded}. */
  public ProvenTraining(GradientSource source, ProvenRule rule, ProofBackend backend, Backend recorded, int chunks,
      SecretBytes masterSeed) {
    this(source, rule, StepProver.local(backend), recorded, chunks, masterSeed);
  }

  /** The run declaration's optimizer entry for this rule. */
  public OptimizerSpec optimizerSpec() {
    return rule.spec();
  }

  /** The state before the first step: the base model's weights in Q32, zero moments. */
  public TrainingState initialState() {
    return rule.initial(Arrays.stream(source.initialWeights()).mapToLong(FixedPoint::encode).toArray());
  }

  /**
   * What one proven step did, for progress displays and the summary.
   *
   * @param trainMillis computing and quantising the gradient
   * @param proveMillis from handing the step to the prover until its proofs were back
   */
  public record StepReport(StepRecord record, double loss, long trainMillis, long proveMillis) {}

  /** The state after a step and what the step did. */
  public record Result(TrainingState state, StepReport report) {}

  /**
   * What a pipelined run did.
   *
   * @param wallMillis from the first gradient to the last record
   */
  public record Summary(TrainingState state, List<StepReport> steps, long wallMillis) {
    public long trainMillis() {
      return steps.stream().mapToLong(StepReport::trainMillis).sum();
    }

    public long proveMillis() {
      return steps.stream().mapToLong(StepReport::proveMillis).sum();
    }
  }

  /** Proves and appends the writer's next step from {@code state}, waiting for its proofs (no pipelining). */
  public Result step(RunWriter writer, TrainingState state) throws CoreException, VerificationException {
    Pending p = start(writer.spec().runId(), writer.nextStep(), state);
    Finished f = finish(writer, p, StateJournal.NONE);
    return new Result(f.state(), f.report());
  }

  /**
   * Trains {@code steps} steps from {@code state}, the writer's next step first, proving step t while
   * the gradient of step t+1 is computed; {@code progress} hears of each step as it is appended.
   */
  public Summary run(RunWriter writer, TrainingState state, int steps, Consumer<StepReport> progress) throws CoreException,
      VerificationException {
    return run(writer, state, steps, StateJournal.NONE, progress);
  }

  /**
   * As {@link #run(RunWriter, TrainingState, int, Consumer)}, saving in {@code journal} the state every step leads to
   * before its record is appended, so that a killed run can be resumed from its last record.
   */
  public Summary run(RunWriter writer, TrainingState state, int steps, StateJournal journal, Consumer<StepReport> progress)
      throws CoreException, VerificationException {
    long started = System.nanoTime();
    List<StepReport> reports = new ArrayList<>();
    String runId = writer.spec().runId();
    long t = writer.nextStep();
    Pending inFlight = steps > 0 ? start(runId, t, state) : null;
    TrainingState last = state;
    for (int i = 0; i < steps; i++) {
      // The next gradient needs only the next weights, which the integer rule already fixed; where the
      // proofs state the next weights (EZKL), they are waited for first.
      Pending next = i + 1 < steps && inFlight.next() != null ? start(runId, t + i + 1, inFlight.next()) : null;
      Finished f = finish(writer, inFlight, journal);
      reports.add(f.report());
      progress.accept(f.report());
      last = f.state();
      if (i + 1 < steps && next == null) {
        next = start(runId, t + i + 1, last);
      }
      inFlight = next;
    }
    return new Summary(last, reports, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * A step handed to the prover: its gradient's report data, the state it leads to (null where the
   * proofs will state it), and the proofs to come.
   */
  private record Pending(long step, double loss, Quantisation quantisation, long trainMillis, long submittedNanos,
      TrainingState next, CompletableFuture<ProvenStep> proofs) {}

  private Pending start(String runId, long t, TrainingState state) throws CoreException {
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
    TrainingState next = recorded == Backend.EZKL ? null : rule.apply(state, gradient, t);
    long trained = System.nanoTime();
    CompletableFuture<ProvenStep> proofs = prover.prove(job(runId, t, state, gradient));
    return new Pending(t, batch.loss(), new Quantisation(decimal(maxError), decimal(sumError / gradient.length)),
        (trained - started) / 1_000_000, System.nanoTime(), next, proofs);
  }

  private StepJob job(String runId, long t, TrainingState state, long[] gradient) {
    List<StepJob.Chunk> list = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) chunkStart(c);
      int to = (int) chunkStart(c + 1);
      list.add(new StepJob.Chunk(rule.statement(t, state.size(), c, from, to - from),
          rule.witness(state.slice(from, to), Arrays.copyOfRange(gradient, from, to),
              BlindingSeed.derive(masterSeed, c, t), BlindingSeed.derive(masterSeed, c, t + 1))));
    }
    return new StepJob(runId, t, list);
  }

  /** An appended step and the state after it. */
  private record Finished(StepReport report, TrainingState state) {}

  /**
   * Waits for a step's proofs and appends its record, with exactly the chunk entries the prover signed; a step
   * whose proofs do not come back is not appended, and the exception names it.
   */
  private Finished finish(RunWriter writer, Pending p, StateJournal journal) throws CoreException, VerificationException {
    ProvenStep proven;
    try {
      proven = p.proofs().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProverUnavailableException("interrupted while waiting for the proofs of step " + p.step(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // A failure passed along dependent stages arrives wrapped, once per stage.
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      if (cause instanceof VerificationException v) throw v;
      if (cause instanceof ProverUnavailableException u) {
        throw new ProverUnavailableException("step " + p.step() + " was not proven: " + u.getMessage(), u);
      }
      throw new ProverUnavailableException("proving step " + p.step() + " failed: " + cause, cause);
    }
    long proveMillis = (System.nanoTime() - p.submittedNanos()) / 1_000_000;
    Map<RelativePath, byte[]> files = new LinkedHashMap<>();
    var entries = proven.chunkEntries();
    for (int c = 0; c < entries.size(); c++) {
      files.put(entries.get(c).proof(), proven.proofs().get(c).proof());
    }
    StepDraft draft = StepDraft.builder()
        .runId(writer.spec().runId())
        .step(p.step())
        .backend(recorded)
        .optimizer(optimizerSpec())
        .params(source.parameterCount())
        .chunks(entries)
        .loss(decimal(p.loss()))
        .quantisation(p.quantisation())
        .proveMs(proveMillis)
        .signature(proven.signature())
        .build();
    TrainingState next = p.next() != null ? p.next() : provenState(proven);
    journal.save(p.step(), next);
    StepRecord record = writer.append(draft, files);
    journal.appended(p.step());
    return new Finished(new StepReport(record, p.loss(), p.trainMillis(), proveMillis), next);
  }

  /** The whole state after a step, assembled from the chunks' states as their proofs state them. */
  private TrainingState provenState(ProvenStep proven) throws VerificationException {
    if (proven.computedStates().size() != chunks) {
      throw VerificationException.of(VerificationException.Reason.WITNESS_REJECTED,
          "the " + recorded.wire() + " prover returned no state for the step's chunks", chunks, proven.computedStates().size());
    }
    int n = source.parameterCount();
    boolean moments = proven.computedStates().get(0).moments().length != 0;
    long[] w = new long[n];
    long[] m = new long[moments ? n : 0];
    long[] v = new long[m.length];
    for (int c = 0; c < chunks; c++) {
      ProvenChunk.ChunkState s = proven.computedStates().get(c);
      int from = (int) chunkStart(c);
      System.arraycopy(s.weights(), 0, w, from, s.weights().length);
      if (moments) {
        System.arraycopy(s.moments(), 0, m, from, s.moments().length);
        System.arraycopy(s.secondMoments(), 0, v, from, s.secondMoments().length);
      }
    }
    return new TrainingState(w, m, v);
  }

  private long chunkStart(int c) {
    return (long) source.parameterCount() * c / chunks;
  }

  private static String decimal(double x) {
    return new BigDecimal(x).setScale(12, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }
}
