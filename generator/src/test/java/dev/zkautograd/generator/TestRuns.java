package dev.zkautograd.generator;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.FileCounterAnchor;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Quantisation;
import dev.zkautograd.core.run.RelativePath;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunSpec;
import dev.zkautograd.core.run.RunWriter;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.UtcTime;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finished runs written through the real {@link RunWriter} for the site's tests: SGD over 256
 * parameters in two chunks, a loss that decays with some wobble, prove times that vary, proof bytes
 * that are a function of run, step and chunk (the generator never verifies proofs; the cli's tests
 * render runs with real proofs).
 */
public final class TestRuns {
  static final long PARAMS = 256;
  static final int CHUNKS = 2;

  private TestRuns() {}

  public static void write(Path dir, Path anchorDir, String runId, String created, int steps, Map<String, String> model) throws CoreException {
    RunSpec spec = new RunSpec(runId, new UtcTime(created), Backend.STARK, new OptimizerSpec.Sgd(32, 214748365L, 4294967296L),
        PARAMS, CHUNKS, model);
    byte[] seed = Digest.sha256(("generator-test-key/" + runId).getBytes(StandardCharsets.UTF_8)).bytes();
    NoteSigner signer = NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(seed, InsecureSecretAccess.get()));
    try (RunWriter w = RunWriter.create(dir, spec, signer)) {
      for (int t = 0; t < steps; t++) {
        ChunkEntry[] chunks = new ChunkEntry[CHUNKS];
        Map<RelativePath, byte[]> proofs = new java.util.HashMap<>();
        for (int i = 0; i < CHUNKS; i++) {
          RelativePath path = RunLayout.proofPath(t, i, CHUNKS);
          byte[] proof = ("proof of " + runId + " step " + t + " chunk " + i + "\n").repeat(4).getBytes(StandardCharsets.UTF_8);
          proofs.put(path, proof);
          chunks[i] = new ChunkEntry(i, i * PARAMS / CHUNKS, PARAMS / CHUNKS, state(runId, t, i), state(runId, t + 1, i), path, Digest.sha256(proof));
        }
        double loss = 2.5 * Math.exp(-t / 40.0) + 0.05 * Math.sin(t) + 0.1;
        w.append(StepDraft.builder().runId(runId).step(t).backend(spec.backend()).optimizer(spec.optimizer()).params(PARAMS)
            .chunks(List.of(chunks)).loss(String.format(Locale.ROOT, "%.6f", loss))
            .quantisation(new Quantisation("0.0000000" + (1 + t % 9), "0.00000000" + (1 + t % 7))).proveMs(800 + (t * 37) % 400).build(),
            proofs);
      }
      w.finish(new FileCounterAnchor(anchorDir, Clock.fixed(Instant.parse("2026-11-24T10:20:00Z"), ZoneOffset.UTC)));
    }
  }

  private static Digest state(String runId, long step, int chunk) {
    return Digest.sha256(("state/" + runId + "/" + step + "/" + chunk).getBytes(StandardCharsets.UTF_8));
  }
}
