package dev.zkautograd.contracts;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.RunFiles;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.core.run.Backend;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import java.math.BigInteger;
import java.util.HexFormat;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code RunAnchor.prove} takes for the challenged step and chunk (docs/anchoring.md, "EVM"), read
 * from the run's files: the step record's leaf bytes (its canonical line), the RFC 9162 inclusion path
 * of that leaf in the committed tree, the offset in the record of the chunk entry's
 * {@code "proof_sha256":"} (followed by the state roots and the entry's end, in canonical order), the
 * chunk's proof file, and the proof as the run's proof system on chain takes it ({@code argument}: the
 * file itself for the STARK's ZkapStepProofs; for EzklStepProofs {@code abi.encode(file, statement,
 * instancesAt, hexProofAt)}, docs/ezkl-backend.md "On chain").
 */
public record ChallengedChunk(long step, int chunk, byte[] record, List<byte[]> inclusion, BigInteger entryAt, byte[] proof,
    byte[] argument) {
  private static final byte[] ENTRY_TAIL = "\"proof_sha256\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EZKL_INSTANCES = "\"instances\":[[\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EZKL_HEX_PROOF = "\"hex_proof\":\"0x".getBytes(StandardCharsets.US_ASCII);
  /** Largest proof read: a chunk proof that fits a transaction is far smaller. */
  private static final long MAX_PROOF_BYTES = 8 << 20;

  /**
   * Reads step {@code step}, chunk {@code chunk} from {@code files}, with the inclusion path in the
   * tree of the first {@code treeSize} records.
   *
   * @throws CoreException when the log has fewer records, the record has no such chunk, or a file is
   *     missing or does not match the record (the anchor refuses to send what the chain would reject)
   */
  public static ChallengedChunk read(RunFiles files, long treeSize, long step, int chunk) throws CoreException {
    byte[] jsonl = files.read(RunLayout.STEPS, Integer.MAX_VALUE - 8);
    List<Digest> leaves = new ArrayList<>();
    byte[] line = null;
    int from = 0;
    for (int i = 0; i < jsonl.length && leaves.size() < treeSize; i++) {
      if (jsonl[i] != '\n') continue;
      byte[] l = java.util.Arrays.copyOfRange(jsonl, from, i);
      if (leaves.size() == step) line = l;
      leaves.add(MerkleTree.leafHash(l));
      from = i + 1;
    }
    if (leaves.size() < treeSize || line == null) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the run's log has fewer records than the committed tree").file(RunLayout.STEPS)
          .expected(treeSize + " records").actual(leaves.size() + " records").build();
    }
    StepRecord record = StepRecord.parse(line);
    if (chunk < 0 || chunk >= record.chunks().size()) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the challenged chunk is not in the step record").file(RunLayout.STEPS).step(step)
          .expected("chunk < " + record.chunks().size()).actual(chunk).build();
    }
    ChunkEntry entry = record.chunks().get(chunk);
    int entryStart = indexOf(line, entry.canonicalBytes(), 0);
    int at = entryStart < 0 ? -1 : indexOf(line, ENTRY_TAIL, entryStart);
    if (at < 0) {
      throw CoreException.of(Reason.BAD_FIELD, "the record's chunk entry is not in canonical form").file(RunLayout.STEPS).step(step)
          .field("chunks[" + chunk + "]").build();
    }
    byte[] proof = files.read(entry.proof().value(), MAX_PROOF_BYTES);
    entry.checkProof(step, Digest.sha256(proof));
    List<byte[]> path = new ArrayList<>();
    for (Digest d : MerkleTree.ofLeafHashes(leaves).inclusionProof(step, treeSize).path()) path.add(d.bytes());
    byte[] argument = record.draft().backend() == Backend.EZKL ? ezklArgument(record, entry, proof) : proof;
    return new ChallengedChunk(step, chunk, line, List.copyOf(path), BigInteger.valueOf(at), proof, argument);
  }

  /** EzklStepProofs' argument for the chunk {@code entry} of {@code record}, whose proof file is {@code proof}. */
  private static byte[] ezklArgument(StepRecord record, ChunkEntry entry, byte[] proof) throws CoreException {
    byte[] statement = RecordedStepVerifier.publicInputs(record, entry).statement().toBytes();
    int instancesAt = indexOf(proof, EZKL_INSTANCES, 0);
    int hexProofAt = indexOf(proof, EZKL_HEX_PROOF, 0);
    if (instancesAt < 0 || hexProofAt < 0) {
      throw CoreException.of(Reason.BAD_FIELD, "the EZKL proof file has no instances or no hex_proof").file(entry.proof().value())
          .step(record.step()).field(instancesAt < 0 ? "instances" : "hex_proof").build();
    }
    return ezklArgument(proof, statement, instancesAt, hexProofAt);
  }

  /**
   * {@code abi.encode(bytes file, bytes statement, uint256 instancesAt, uint256 hexProofAt)}: what EzklStepProofs takes for
   * an EZKL proof file, the statement it is checked against, and the offsets in the file of {@code "instances":[["} and
   * {@code "hex_proof":"0x}.
   */
  public static byte[] ezklArgument(byte[] file, byte[] statement, int instancesAt, int hexProofAt) {
    String encoded = FunctionEncoder.encodeConstructor(List.of(new DynamicBytes(file), new DynamicBytes(statement),
        new Uint256(instancesAt), new Uint256(hexProofAt)));
    return HexFormat.of().parseHex(encoded);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
