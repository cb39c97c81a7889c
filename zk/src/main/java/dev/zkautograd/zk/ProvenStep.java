package dev.zkautograd.zk;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * A proven step as a prover returns it: one proof per chunk, in chunk order, and the prover's
 * step signature over the chunk entries those proofs make ({@code docs/formats/step-record.md}),
 * or null from a prover without a signing key.
 */
public record ProvenStep(String runId, long step, List<StepProof> proofs, StepSignature signature) {
  public ProvenStep {
    proofs = List.copyOf(proofs);
  }

  /**
   * The record's chunk entries for these proofs: each chunk's range and state roots from its public
   * inputs, its proof file under the run layout's name, and that file's SHA-256. The prover signs
   * exactly these, so the trainer must write exactly these.
   */
  public List<ChunkEntry> chunkEntries() {
    List<ChunkEntry> out = new ArrayList<>(proofs.size());
    for (int c = 0; c < proofs.size(); c++) {
      StepProof p = proofs.get(c);
      StepStatement s = p.publicInputs().statement();
      out.add(new ChunkEntry(c, s.offset(), s.length(), p.publicInputs().rootStateIn(), p.publicInputs().rootStateOut(),
          RunLayout.proofPath(step, c, proofs.size()), Digest.sha256(p.proof())));
    }
    return out;
  }
}
