package dev.zkautograd.cli;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a finished run through the real {@link RunWriter}: synthetic state roots and proof bytes
 * (functions of run, step and chunk), Adam over 1000 parameters, anchored in a file counter.
 */
final class SyntheticRun {
  static final long PARAMS = 1000;

  private SyntheticRun() {}

  static NoteSigner key(String runId) {
    byte[] seed = Digest.sha256(("cli-test-key/" + runId).getBytes(StandardCharsets.UTF_8)).bytes();
    return NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(seed, InsecureSecretAccess.get()));
  }

  /** Writes {@code steps} steps of {@code chunks} chunks with {@code proofBytes}-byte proofs into {@code dir}, anchored in {@code anchorDir}. */
  static void write(Path dir, Path anchorDir, String runId, int steps, int chunks, int proofBytes) throws CoreException {
    write(dir, new FileCounterAnchor(anchorDir, Clock.fixed(Instant.parse("2026-11-24T10:20:00Z"), ZoneOffset.UTC)), runId, steps, chunks,
        proofBytes);
  }

  /** The same, anchored with {@code anchor}. */
  static void write(Path dir, dev.zkautograd.core.run.Anchor anchor, String runId, int steps, int chunks, int proofBytes)
      throws CoreException {
    RunSpec spec = new RunSpec(runId, new UtcTime("2026-11-24T10:15:00Z"), Backend.STARK,
        new OptimizerSpec.Adam(32, 42950, 3865470566L, 4290672329L, 43, 4294967296L), PARAMS, chunks, Map.of("name", "tiny-mlp"));
    try (RunWriter w = RunWriter.create(dir, spec, key(runId))) {
      for (long t = 0; t < steps; t++) {
        List<ChunkEntry> entries = new ArrayList<>();
        Map<RelativePath, byte[]> proofs = new LinkedHashMap<>();
        long width = PARAMS / chunks;
        for (int i = 0; i < chunks; i++) {
          long offset = width * i;
          RelativePath path = RunLayout.proofPath(t, i, chunks);
          byte[] proof = bytes("proof/" + runId + "/" + t + "/" + i, proofBytes);
          proofs.put(path, proof);
          entries.add(new ChunkEntry(i, offset, i == chunks - 1 ? PARAMS - offset : width, state(runId, t, i), state(runId, t + 1, i), path,
              Digest.sha256(proof)));
        }
        w.append(StepDraft.builder().runId(runId).step(t).backend(spec.backend()).optimizer(spec.optimizer()).params(PARAMS)
            .chunks(entries).loss("2." + (300 - t)).quantisation(new Quantisation("0.0000000002", "0.00000000004")).proveMs(900 + t)
            .build(), proofs);
      }
      w.finish(anchor);
    }
  }

  private static Digest state(String runId, long step, int chunk) {
    return Digest.sha256(("state/" + runId + "/" + step + "/" + chunk).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String label, int size) {
    byte[] out = new byte[size];
    for (int at = 0, block = 0; at < size; block++) {
      byte[] h = Digest.sha256((label + "/" + block).getBytes(StandardCharsets.UTF_8)).bytes();
      int n = Math.min(h.length, size - at);
      System.arraycopy(h, 0, out, at, n);
      at += n;
    }
    return out;
  }
}
