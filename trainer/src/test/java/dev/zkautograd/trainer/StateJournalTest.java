package dev.zkautograd.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.optimizer.AdamRule;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.ProverUnavailableException;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.proving.StepProver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resume relies on: {@link ProvenTraining#run} saves the state of step t before step t's record is
 * appended and releases older states only after it, so the state after the log's last record is always
 * saved; and a step whose proofs do not come back is neither saved nor appended, the error naming it.
 */
class StateJournalTest {
  static final String RUN = "run-20261201-220000";

  /** Records each call with the writer's record count at that moment. */
  static final class Recording implements StateJournal {
    final List<String> calls = new ArrayList<>();
    final List<TrainingState> saved = new ArrayList<>();
    RunWriter writer;

    @Override
    public void save(long step, TrainingState after) {
      calls.add("save " + step + " with " + writer.nextStep() + " records");
      saved.add(after);
    }

    @Override
    public void appended(long step) {
      calls.add("appended " + step + " with " + writer.nextStep() + " records");
    }
  }

  private static ProvenTraining training(StepProver prover) {
    return new ProvenTraining(LinearRegressionTask.synthetic(16, 64, 16, 0.01, 5), ProvenRule.adam(AdamRule.of(0.01, 0.9, 0.999, 1e-8, 0.99)),
        prover, 1, SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get()));
  }

  private static RunWriter writer(Path dir, ProvenTraining training) throws Exception {
    RunSpec spec = new RunSpec(RUN, new UtcTime("2026-12-01T22:00:00Z"), Backend.STARK, training.optimizerSpec(), 16, 1,
        Map.of("name", "journal"));
    return RunWriter.create(dir, spec, NoteSigner.fromSeed(RunLayout.origin(RUN), SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get())));
  }

  @Test
  void each_state_is_saved_before_its_record_and_released_after_the_next(@TempDir Path dir) throws Exception {
    ProvenTraining training = training(StepProver.local(PipelinedTrainingTest.FAST));
    Recording journal = new Recording();
    ProvenTraining.Summary summary;
    try (RunWriter w = writer(dir.resolve("run"), training)) {
      journal.writer = w;
      summary = training.run(w, training.initialState(), 3, journal, r -> {});
    }
    assertEquals(List.of("save 0 with 0 records", "appended 0 with 1 records", "save 1 with 1 records", "appended 1 with 2 records",
        "save 2 with 2 records", "appended 2 with 3 records"), journal.calls);
    assertArrayEquals(summary.state().weights(), journal.saved.get(2).weights(), "the last saved state is the run's final state");
    assertArrayEquals(summary.state().secondMoments(), journal.saved.get(2).secondMoments());
  }

  @Test
  void a_step_whose_proofs_do_not_come_back_is_not_saved_nor_appended_and_is_named(@TempDir Path dir) throws Exception {
    StepProver local = StepProver.local(PipelinedTrainingTest.FAST);
    StepProver dying = new StepProver() {
      @Override
      public CompletableFuture<ProvenStep> prove(StepJob job) {
        return job.step() < 2 ? local.prove(job)
            : CompletableFuture.failedFuture(new ProverUnavailableException("prover service at 127.0.0.1:1: connection lost", null));
      }

      @Override
      public String describe() {
        return "a prover that dies at step 2";
      }

      @Override
      public void close() {
        local.close();
      }
    };
    ProvenTraining training = training(dying);
    Recording journal = new Recording();
    try (RunWriter w = writer(dir.resolve("run"), training)) {
      journal.writer = w;
      ProverUnavailableException e = assertThrows(ProverUnavailableException.class,
          () -> training.run(w, training.initialState(), 4, journal, r -> {}));
      assertEquals("step 2 was not proven: prover service at 127.0.0.1:1: connection lost", e.getMessage());
      assertEquals(2, w.nextStep(), "steps 0 and 1 are in the log, step 2 is not");
    }
    assertTrue(journal.calls.stream().noneMatch(c -> c.startsWith("save 2")), journal.calls.toString());
  }
}
