package dev.zkautograd.contracts;

import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.optimizer.SgdRule;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.ChunkEntry;
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
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.prover.RandomSource;
import dev.zkautograd.zk.proving.StepProver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A small real run for the on-chain tests: SGD steps over the parameters of a verifier's
 * {@link EvmVerifierParams} (by default those of the committed {@code SgdStepVerifier64x1}), each chunk
 * proven by the STARK with exactly the verifier's proof parameters, written by {@link RunWriter} as any
 * run is. The trainer is not a dependency of this module, so the gradients are seeded random values
 * within the clip and the update is the integer rule of {@code core}; the proofs and records are real.
 */
final class OnChainRun {
  /** The committed verifier's shape: SGD, lr 42950 (about 1e-5), clip 1.0, 64 parameters in one chunk. */
  static final EvmVerifierParams GOLDEN = new EvmVerifierParams(new OptimizerSpec.Sgd(32, 42950, 1L << 32), 64, 1,
      dev.zkautograd.zk.params.ProofParameters.builder().blowupLog2(4).queries(110).grindingBits(20).foldingLog2(2).build());

  private OnChainRun() {}

  /** Writes a finished run of {@code steps} steps into {@code dir}, anchored by {@code anchor} (or none). */
  static void write(Path dir, String runId, int steps, Anchor anchor) throws Exception {
    write(dir, runId, steps, anchor, GOLDEN, p -> p);
  }

  /**
   * As {@link #write(Path, String, int, Anchor)}, with every proof passed through {@code forge} before it
   * is recorded: a cheating prover whose records name the proofs it forged.
   */
  static void write(Path dir, String runId, int steps, Anchor anchor, EvmVerifierParams params, UnaryOperator<byte[]> forge)
      throws Exception {
    OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) params.optimizer();
    SgdRule rule = new SgdRule(sgd.lr(), sgd.clip());
    SecretBytes master = SecretBytes.copyFrom(new byte[32], InsecureSecretAccess.get());
    RunSpec spec = new RunSpec(runId, new UtcTime("2026-12-02T10:15:00Z"), Backend.STARK, sgd, params.parameters(), params.chunks(),
        Map.of("name", "on-chain test run"));
    NoteSigner signer = NoteSigner.fromSeed(RunLayout.origin(runId), master);
    SplittableRandom rnd = new SplittableRandom(runId.hashCode());
    int n = Math.toIntExact(params.parameters());
    long[] w = new long[n];
    for (int i = 0; i < n; i++) w[i] = rnd.nextLong(-(1L << 32), 1L << 32);
    try (StepProver prover = StepProver.local(new StarkBackend(ParameterChoice.fixed(params.proof()), RandomSource.secure()));
        RunWriter writer = RunWriter.create(dir, spec, signer)) {
      for (int t = 0; t < steps; t++) {
        long[] g = new long[n];
        for (int i = 0; i < n; i++) g[i] = rnd.nextLong(-sgd.clip(), sgd.clip());
        List<StepJob.Chunk> chunks = new ArrayList<>();
        int len = params.chunkLength();
        for (int c = 0; c < params.chunks(); c++) {
          chunks.add(new StepJob.Chunk(params.statement(t, c), new StepWitness(java.util.Arrays.copyOfRange(w, c * len, (c + 1) * len),
              java.util.Arrays.copyOfRange(g, c * len, (c + 1) * len), BlindingSeed.derive(master, c, t), BlindingSeed.derive(master, c, t + 1))));
        }
        ProvenStep proven = prover.prove(new StepJob(runId, t, chunks)).get();
        Map<RelativePath, byte[]> files = new LinkedHashMap<>();
        List<ChunkEntry> entries = new ArrayList<>();
        for (ChunkEntry e : proven.chunkEntries()) {
          byte[] proof = forge.apply(proven.proofs().get(e.index()).proof().clone());
          files.put(e.proof(), proof);
          entries.add(new ChunkEntry(e.index(), e.offset(), e.length(), e.stateIn(), e.stateOut(), e.proof(), Digest.sha256(proof)));
        }
        writer.append(StepDraft.builder().runId(runId).step(t).backend(Backend.STARK).optimizer(sgd).params(params.parameters())
            .chunks(entries).loss("1.0").quantisation(new Quantisation("0", "0")).proveMs(1).build(), files);
        w = rule.apply(w, g);
      }
      writer.finish(anchor);
    }
  }
}
