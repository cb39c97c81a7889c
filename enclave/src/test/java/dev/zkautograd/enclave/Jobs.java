package dev.zkautograd.enclave;

import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded step jobs small enough to prove in a test (SGD, 8-bit limbs, a few parameters per chunk). */
public final class Jobs {
  public static final SecretBytes MASTER = SecretBytes.copyFrom("enclave test master seed, not secret".getBytes(StandardCharsets.US_ASCII),
      InsecureSecretAccess.get());
  public static final long LR = FixedPoint.encode(1e-2);
  public static final long CLIP = FixedPoint.encode(1.0);

  /** Real proofs with test-only parameters (8 queries, no grinding): fast, and verifiable only under {@link #ANY}. */
  public static final dev.zkautograd.zk.backend.StarkBackend FAST = new dev.zkautograd.zk.backend.StarkBackend(
      dev.zkautograd.zk.params.ProofParameters.INSECURE_TESTING, dev.zkautograd.zk.prover.RandomSource.secure());
  public static final dev.zkautograd.zk.VerificationPolicy ANY = dev.zkautograd.zk.VerificationPolicy.insecureAcceptAnyParameters();

  private Jobs() {}

  /** An SGD step of {@code params} parameters in {@code chunks} chunks, values drawn from {@code seed}. */
  public static StepJob sgd(String runId, long step, int params, int chunks, long seed) {
    Random r = new Random(seed);
    List<StepJob.Chunk> out = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      int from = params * c / chunks;
      int to = params * (c + 1) / chunks;
      int n = to - from;
      long[] w = new long[n];
      long[] g = new long[n];
      for (int i = 0; i < n; i++) {
        w[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 8);
        g[i] = FixedPoint.encode((r.nextDouble() - 0.5) * 6);
      }
      StepStatement s = StepStatement.sgd(LR, CLIP, step, params, c, from, n);
      out.add(new StepJob.Chunk(s, new StepWitness(w, g, BlindingSeed.derive(MASTER, c, step), BlindingSeed.derive(MASTER, c, step + 1))));
    }
    return new StepJob(runId, step, out);
  }

  /** A job whose first weight is far outside the rule's range: the prover must refuse it. */
  public static StepJob outOfRange(String runId, long step) {
    StepJob ok = sgd(runId, step, 4, 1, 1);
    StepJob.Chunk c = ok.chunks().get(0);
    long[] w = c.witness().weights();
    w[0] = 1L << 60;
    return new StepJob(runId, step, List.of(new StepJob.Chunk(c.statement(), new StepWitness(w, c.witness().gradients(),
        c.witness().stateInSeed(), c.witness().stateOutSeed()))));
  }

  /** A fixed step-signing key. */
  public static StepSigner signer(int seed) {
    byte[] s = dev.zkautograd.core.hash.Digest.sha256(("enclave-test-key-" + seed).getBytes(StandardCharsets.UTF_8)).bytes();
    return StepSigner.fromSeed(SecretBytes.copyFrom(s, InsecureSecretAccess.get()));
  }
}
