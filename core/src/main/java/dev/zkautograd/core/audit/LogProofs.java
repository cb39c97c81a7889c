package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.ConsistencyProof;
import dev.zkautograd.core.log.InclusionProof;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFindings;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The proofs a light auditor checks against a signed checkpoint ({@link RunCheck#INCLUSION}, {@link
 * RunCheck#CONSISTENCY}): an RFC 9162 inclusion proof from a step's record to the checkpoint's root,
 * and consistency proofs from earlier tree heads to it. The proofs are built from the records read
 * and verified with the same routines that check proofs from elsewhere ({@link InclusionProof#verify},
 * {@link ConsistencyProof#verify}); the leaf is the hash of the record's own line and the root is the
 * signed one, so a record that is not the one the checkpoint commits to fails.
 */
final class LogProofs {
  private LogProofs() {}

  /** {@link RunCheck#INCLUSION} for each of {@code steps}. */
  static void checkInclusion(Run run, List<Long> steps, RunFindings out) throws CoreException {
    Checkpoint cp = signedHead(run, RunCheck.INCLUSION, out);
    if (cp == null) return;
    if (steps.isEmpty()) {
      out.skipped(RunCheck.INCLUSION, "no steps to check");
      return;
    }
    MerkleTree tree = MerkleTree.ofLeafHashes(run.log().leafHashes().subList(0, (int) cp.size()));
    boolean holds = true;
    StringBuilder pathLengths = new StringBuilder();
    for (long t : steps) {
      if (t >= cp.size()) {
        // Only an open run's checkpoint may trail the log, by the record being appended (RunReader).
        out.skipped(RunCheck.INCLUSION, "step " + t + " is not yet in the checkpoint's tree of " + cp.size()
            + " records (the run is open)");
        continue;
      }
      StepRecord r = run.steps().get((int) t);
      InclusionProof proof = tree.inclusionProof(t, cp.size());
      try {
        proof.verify(MerkleTree.leafHash(r.line()), cp.root());
        pathLengths.append(pathLengths.length() == 0 ? "" : ", ").append(t).append(": ").append(proof.path().size());
      } catch (CoreException e) {
        holds = false;
        out.failed(RunCheck.INCLUSION, e.at(RunLayout.STEPS, t));
      }
    }
    if (holds && pathLengths.length() > 0) {
      out.passed(RunCheck.INCLUSION, "inclusion proofs (step: hashes " + pathLengths + ") lead from the records to the signed root "
          + cp.root().hex() + " of " + cp.size() + " records");
    }
  }

  /**
   * {@link RunCheck#CONSISTENCY} from every head {@code anchors.json} records and each of {@code
   * remembered} to the checkpoint.
   */
  static void checkConsistency(Run run, List<EarlierHead> remembered, RunFindings out) throws CoreException {
    Checkpoint cp = signedHead(run, RunCheck.CONSISTENCY, out);
    if (cp == null) return;
    List<EarlierHead> heads = new ArrayList<>();
    List<AnchorReceipt> receipts = run.anchors().receipts();
    for (int i = 0; i < receipts.size(); i++) {
      AnchorReceipt a = receipts.get(i);
      heads.add(new EarlierHead(RunLayout.ANCHORS + "[" + i + "] (" + a.kind() + " #" + a.counter() + ")", a.treeSize(), a.root()));
    }
    heads.addAll(remembered);
    if (heads.isEmpty()) {
      out.skipped(RunCheck.CONSISTENCY, "no earlier tree head to prove consistent: " + RunLayout.ANCHORS
          + " records none and none was remembered");
      return;
    }
    MerkleTree tree = cp.size() == 0 ? null : MerkleTree.ofLeafHashes(run.log().leafHashes().subList(0, (int) cp.size()));
    boolean holds = true;
    StringBuilder seen = new StringBuilder();
    for (EarlierHead h : heads) {
      try {
        check(tree, cp, h);
        seen.append(seen.length() == 0 ? "" : "; ").append(h.source()).append(" at size ").append(h.size());
      } catch (CoreException e) {
        holds = false;
        out.failed(RunCheck.CONSISTENCY, e);
      }
    }
    if (holds) {
      out.passed(RunCheck.CONSISTENCY, heads.size() + (heads.size() == 1 ? " earlier head is a prefix" : " earlier heads are prefixes")
          + " of the checkpoint's tree of " + cp.size() + " records: " + seen);
    }
  }

  private static void check(MerkleTree tree, Checkpoint cp, EarlierHead h) throws CoreException {
    String where = h.source().startsWith(RunLayout.ANCHORS) ? RunLayout.ANCHORS : RunLayout.CHECKPOINT;
    if (h.size() > cp.size()) {
      throw CoreException.of(Reason.CONSISTENCY_PROOF_INVALID, "an earlier tree head (" + h.source()
              + ") is larger than the checkpoint's tree: the log lost records since").file(where).field("size")
          .expected("at most " + cp.size() + " records").actual(h.size() + " records").build();
    }
    if (h.size() == 0) {
      Digest empty = MerkleTree.emptyRoot();
      if (!h.root().equals(empty)) {
        throw CoreException.of(Reason.CONSISTENCY_PROOF_INVALID, "an earlier empty tree head (" + h.source() + ") has another root")
            .file(where).field("root").expected(empty).actual(h.root()).build();
      }
      return; // the empty tree is a prefix of every tree
    }
    ConsistencyProof proof = tree.consistencyProof(h.size(), cp.size());
    try {
      proof.verify(h.root(), cp.root());
    } catch (CoreException e) {
      throw CoreException.of(Reason.CONSISTENCY_PROOF_INVALID, "the log does not extend an earlier tree head (" + h.source()
              + "): it was rewritten since").file(where).field("root").expected(h.root())
          .actual(tree.root(h.size())).build(e);
    }
  }

  /** The checkpoint's head, whose signature and head the reader verified, or null (and a skip) without one. */
  private static Checkpoint signedHead(Run run, RunCheck check, RunFindings out) throws CoreException {
    if (run.checkpoint() == null || run.checkpointSize() < 0) {
      out.skipped(check, "the checkpoint did not verify (see checkpoint.signature and checkpoint.head)");
      return null;
    }
    return Checkpoint.parse(run.checkpoint().body());
  }
}
