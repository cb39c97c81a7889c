package dev.zkautograd.core.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The process {@code RunWriterKillTest} kills: writes a deterministic run of N steps with synthetic
 * proofs, resuming what is there, and finishes it with a file-counter anchor. It prints every crash
 * point it passes ("phase NAME STEP") and, with {@code ZKA_SLOW_MS}, lingers there so that a kill
 * lands inside that phase.
 *
 * <p>Arguments: run directory, anchor directory, steps, chunks, proof size in bytes.
 */
public final class RunWriterChild {
  static final String RUN = "run-20261124-130000";
  static final int KEY_SEED = 3;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T13:30:00Z"), ZoneOffset.UTC);

  private RunWriterChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path anchorDir = Path.of(args[1]);
    long steps = Long.parseLong(args[2]);
    int chunks = Integer.parseInt(args[3]);
    int proofSize = Integer.parseInt(args[4]);
    long slow = Long.parseLong(System.getenv().getOrDefault("ZKA_SLOW_MS", "0"));
    RunWriter.CrashPoint point = (phase, step) -> {
      System.out.println("phase " + phase + " " + step);
      System.out.flush();
      if (slow > 0) {
        try {
          Thread.sleep(slow);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    if (Files.exists(dir.resolve(RunLayout.MANIFEST))
        && SignedManifest.parse(Files.readAllBytes(dir.resolve(RunLayout.MANIFEST))).manifest().status() == RunManifest.Status.FINISHED) {
      System.out.println("finished");
      return;
    }
    RunWriter w;
    if (Files.exists(dir.resolve(RunLayout.MANIFEST))) {
      w = RunWriter.resume(dir, RunFixtures.signer(RUN, KEY_SEED), point);
    } else {
      VectorGenerator.deleteTree(dir); // killed before the manifest existed: nothing was written that counts
      w = RunWriter.create(dir, RunFixtures.spec(RUN, chunks), RunFixtures.signer(RUN, KEY_SEED), point);
    }
    try (w) {
      System.out.println("resumed at " + w.nextStep());
      RunFixtures.writeSteps(w, steps, proofSize);
      w.finish(new FileCounterAnchor(anchorDir, CLOCK));
    }
    System.out.println("finished");
  }
}
