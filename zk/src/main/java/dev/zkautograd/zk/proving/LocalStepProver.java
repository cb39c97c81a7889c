package dev.zkautograd.zk.proving;

import dev.zkautograd.core.run.Backend;
import dev.zkautograd.core.run.StepSigner;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenStep;
import dev.zkautograd.zk.StepJob;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * {@link StepProver} in this process: one thread takes steps in submission order and proves each
 * step's chunks in parallel (the backend parallelises inside each proof as well), then signs the
 * step when it has a key.
 */
final class LocalStepProver implements StepProver {
  private final ProofBackend backend;
  private final StepSigner signer;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "zk-step-prover");
    t.setDaemon(true);
    return t;
  });

  LocalStepProver(ProofBackend backend, StepSigner signer) {
    this.backend = backend;
    this.signer = signer;
  }

  @Override
  public CompletableFuture<ProvenStep> prove(StepJob job) {
    return CompletableFuture.supplyAsync(() -> proveNow(job), worker);
  }

  private ProvenStep proveNow(StepJob job) {
    List<StepJob.Chunk> chunks = job.chunks();
    StepProof[] proofs = new StepProof[chunks.size()];
    VerificationException[] failure = new VerificationException[1];
    IntStream.range(0, chunks.size()).parallel().forEach(c -> {
      try {
        proofs[c] = backend.prove(chunks.get(c).statement(), chunks.get(c).witness());
      } catch (VerificationException e) {
        synchronized (failure) {
          failure[0] = e;
        }
      }
    });
    if (failure[0] != null) {
      throw new CompletionException(failure[0]);
    }
    ProvenStep unsigned = new ProvenStep(job.runId(), job.step(), List.of(proofs), null);
    if (signer == null) {
      return unsigned;
    }
    StepStatement first = chunks.get(0).statement();
    return new ProvenStep(job.runId(), job.step(), unsigned.proofs(), signer.sign(job.runId(), job.step(), Backend.STARK,
        first.optimizerSpec(), first.totalParameters(), unsigned.chunkEntries()));
  }

  @Override
  public String describe() {
    return "in-process " + backend.id() + " prover" + (signer == null ? "" : " signing with " + signer.keyId());
  }

  @Override
  public void close() {
    worker.shutdown();
  }
}
