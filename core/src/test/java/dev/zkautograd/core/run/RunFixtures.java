package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic synthetic runs for tests, the vector generator and the kill test's child: every
 * value (state roots, proof bytes, losses) is a function of the run id, step and chunk only.
 */
public final class RunFixtures {
  public static final long PARAMS = 1000;

  private RunFixtures() {}

  public static RunSpec spec(String runId, int chunks) {
    return new RunSpec(runId, new UtcTime("2026-11-24T10:15:00Z"), Backend.STARK,
        new OptimizerSpec.Adam(32, 42950, 3865470566L, 4290672329L, 43, 4294967296L), PARAMS, chunks,
        Map.of("name", "tiny-mlp", "base_sha256", Digest.sha256("base".getBytes(StandardCharsets.UTF_8)).hex()));
  }

  /**
   * {@link #spec} with an attested prover: a stand-in attestation document (core cannot make Nitro
   * documents; the enclave module's tests use real ones) and the key of {@link #proverSigner}(1).
   */
  public static RunSpec signedSpec(String runId, int chunks) {
    return spec(runId, chunks).withProver(new ProverDeclaration(ProverDeclaration.AWS_NITRO,
        "stand-in attestation document: core cannot make Nitro documents".getBytes(StandardCharsets.UTF_8),
        proverSigner(1).publicKey()));
  }

  /** A step-signing key from a fixed seed. */
  public static StepSigner proverSigner(int seed) {
    byte[] s = Digest.sha256(("prover-key-" + seed).getBytes(StandardCharsets.UTF_8)).bytes();
    return StepSigner.fromSeed(SecretBytes.copyFrom(s, InsecureSecretAccess.get()));
  }

  /** The draft signed by {@code signer} as the step {@code step} of run {@code runId} (which may be another step or run). */
  public static StepDraft signed(StepDraft d, StepSigner signer, String runId, long step) throws CoreException {
    return d.toBuilder().signature(signer.sign(runId, step, d.backend(), d.optimizer(), d.params(), d.chunks())).build();
  }

  /** The checkpoint key of {@code runId} from a fixed seed. */
  public static NoteSigner signer(String runId, int seed) {
    byte[] s = Digest.sha256(("note-key-" + seed).getBytes(StandardCharsets.UTF_8)).bytes();
    return NoteSigner.fromSeed(RunLayout.origin(runId), SecretBytes.copyFrom(s, InsecureSecretAccess.get()));
  }

  /** The committed state of chunk {@code chunk} before step {@code step}. */
  public static Digest state(String runId, long step, int chunk) {
    return Digest.sha256(("state/" + runId + "/" + step + "/" + chunk).getBytes(StandardCharsets.UTF_8));
  }

  /** Synthetic proof bytes: {@code size} bytes of a SHA-256 stream. */
  public static byte[] proofBytes(String runId, long step, int chunk, int size) {
    byte[] out = new byte[size];
    byte[] seed = ("proof/" + runId + "/" + step + "/" + chunk + "/").getBytes(StandardCharsets.UTF_8);
    for (int at = 0, block = 0; at < size; block++) {
      byte[] h = Digest.sha256(seed, Integer.toString(block).getBytes(StandardCharsets.UTF_8)).bytes();
      int n = Math.min(h.length, size - at);
      System.arraycopy(h, 0, out, at, n);
      at += n;
    }
    return out;
  }

  /** A step: its draft and the proof files it names. */
  public record Step(StepDraft draft, Map<RelativePath, byte[]> proofs) {}

  public static Step step(RunSpec spec, long step, int proofSize) {
    int n = spec.chunks();
    List<ChunkEntry> chunks = new ArrayList<>();
    Map<RelativePath, byte[]> proofs = new LinkedHashMap<>();
    long base = spec.params() / n;
    for (int i = 0; i < n; i++) {
      long offset = base * i;
      long length = i == n - 1 ? spec.params() - offset : base;
      RelativePath path = RunLayout.proofPath(step, i, n);
      byte[] bytes = proofBytes(spec.runId(), step, i, proofSize);
      proofs.put(path, bytes);
      chunks.add(new ChunkEntry(i, offset, length, state(spec.runId(), step, i), state(spec.runId(), step + 1, i), path, Digest.sha256(bytes)));
    }
    try {
      StepDraft d = StepDraft.builder()
          .runId(spec.runId())
          .step(step)
          .backend(spec.backend())
          .optimizer(spec.optimizer())
          .params(spec.params())
          .chunks(chunks)
          .loss(loss(step))
          .quantisation(new Quantisation("0.0000000002", "0.00000000004"))
          .proveMs(1000 + step)
          .build();
      return new Step(spec.prover() == null ? d : signed(d, proverSigner(1), spec.runId(), step), proofs);
    } catch (CoreException e) {
      throw new AssertionError(e);
    }
  }

  private static String loss(long step) {
    long milli = 2300 - 37 * step % 2000;
    return (milli / 1000) + "." + (milli % 1000 < 100 ? "0" : "") + (milli % 1000 < 10 ? "0" : "") + (milli % 1000);
  }

  /** Writes {@code steps} steps from where the writer stands. */
  public static void writeSteps(RunWriter w, long upTo, int proofSize) throws CoreException {
    while (w.nextStep() < upTo) {
      Step s = step(w.spec(), w.nextStep(), proofSize);
      w.append(s.draft(), s.proofs());
    }
  }
}
