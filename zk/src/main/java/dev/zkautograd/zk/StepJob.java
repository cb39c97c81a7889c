package dev.zkautograd.zk;

import java.util.List;

/**
 * Everything a prover needs for one optimizer step: which run and step, and for every chunk its
 * statement and witness, in chunk order. Secret (the witnesses); never logged.
 *
 * @param runId the run the step belongs to (the prover signs it into the step signature)
 * @param step the step number t
 * @param chunks one entry per chunk, chunk i at index i
 */
public record StepJob(String runId, long step, List<Chunk> chunks) {
  public StepJob {
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) throw new IllegalArgumentException("a step has at least one chunk");
    for (int i = 0; i < chunks.size(); i++) {
      StepStatement s = chunks.get(i).statement();
      if (s.chunkIndex() != i || s.step() != step) {
        throw new IllegalArgumentException("chunk " + i + " states chunk " + s.chunkIndex() + " of step " + s.step());
      }
    }
  }

  /** One chunk's statement and witness. */
  public record Chunk(StepStatement statement, StepWitness witness) {}

  @Override
  public String toString() {
    return "StepJob[" + runId + " step " + step + ", " + chunks.size() + " chunks, witness secret]";
  }
}
