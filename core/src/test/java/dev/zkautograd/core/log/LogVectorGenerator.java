package dev.zkautograd.core.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.util.encoders.Hex;

/**
 * Generates the golden and deliberately broken vectors of the transparency log under {@code
 * vectors/log/{inclusion,consistency,chain}/}: each file is one case, named after what it shows or
 * how it was broken, with {@code wantErr} the expected {@code CoreException.Reason} (null for a
 * good case). {@code LogVectorsTest} walks them, and checks that this generator still produces
 * exactly the committed files.
 *
 * <p>Run from the repository root after changing the format or adding a case:
 *
 * <pre>
 * mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.zkautograd.core.log.LogVectorGenerator
 * </pre>
 */
public final class LogVectorGenerator {
  /** The folders under vectors/log this generator owns (the rest is third-party data). */
  public static final List<String> FOLDERS = List.of("inclusion", "consistency", "chain");

  private static final String PROOF = Reason.INCLUSION_PROOF_INVALID.name();
  private static final String CONSISTENCY = Reason.CONSISTENCY_PROOF_INVALID.name();

  private final SortedMap<String, String> files = new TreeMap<>();
  /** The RFC 9162 / CT reference tree. */
  private final MerkleTree ref = MerkleTree.ofLeafHashes(referenceLeafHashes());
  /** A 13-leaf tree (leaf i = UTF-8 "leaf i"), for sizes that are not powers of two. */
  private final MerkleTree t13 = MerkleTree.ofLeafHashes(textLeafHashes(13));

  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : VectorFiles.root().resolve("log");
    VectorFiles.writeAll(out, generate());
    System.out.println("wrote " + generate().size() + " files under " + out);
  }

  /** Every generated file: path relative to vectors/log → content. */
  public static SortedMap<String, String> generate() {
    LogVectorGenerator g = new LogVectorGenerator();
    g.inclusion();
    g.consistency();
    g.chain();
    return g.files;
  }

  static List<Digest> referenceLeafHashes() {
    String[] inputs = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    List<Digest> out = new ArrayList<>();
    for (String hex : inputs) {
      out.add(MerkleTree.leafHash(Hex.decode(hex)));
    }
    return out;
  }

  static List<Digest> textLeafHashes(int n) {
    List<Digest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  // ---------------------------------------------------------------- inclusion

  private void inclusion() {
    goodInclusion(ref, 0, 1, "the one leaf of a one-leaf tree: empty path, root = leaf hash");
    goodInclusion(ref, 0, 8, "RFC 9162 reference tree, first leaf");
    goodInclusion(ref, 5, 8, "RFC 9162 reference tree, leaf 5");
    goodInclusion(ref, 7, 8, "RFC 9162 reference tree, last leaf");
    goodInclusion(ref, 2, 3, "reference tree prefix of 3, last leaf (a right border)");
    goodInclusion(ref, 1, 5, "reference tree prefix of 5");
    goodInclusion(t13, 6, 13, "13-leaf tree, a middle leaf");
    goodInclusion(t13, 12, 13, "13-leaf tree, the last leaf (alone on the right border)");

    InclusionProof p = ref.inclusionProof(5, 8);
    Digest leaf = ref.leafHashAt(5);
    Digest root = ref.root(8);
    List<Digest> path = p.path();
    broken("index-plus-one", "leaf 5's proof claimed for index 6", leaf, 6, 8, path, root);
    broken("index-minus-one", "leaf 5's proof claimed for index 4", leaf, 4, 8, path, root);
    broken("index-equals-tree-size", "index 8 in a tree of 8 leaves", leaf, 8, 8, path, root);
    broken("index-negative", "index -1", leaf, -1, 8, path, root);
    broken("tree-size-zero", "a tree of no leaves has no inclusion proofs", leaf, 0, 0, List.of(),
        MerkleTree.emptyRoot());
    broken("tree-size-doubled", "tree size 16: the path is too short for it", leaf, 5, 16, path,
        root);
    broken("tree-size-halved", "tree size 4: leaf 5 is outside it", leaf, 5, 4, path, root);
    broken("tree-size-plus-one", "tree size 9", leaf, 5, 9, path, root);
    for (int i = 0; i < path.size(); i++) {
      broken("path-element-" + i + "-bit-flipped", "lowest bit of path[" + i + "] flipped", leaf, 5,
          8, with(path, i, flipBit(path.get(i))), root);
    }
    broken("path-truncated", "last path hash removed", leaf, 5, 8, path.subList(0, 2), root);
    broken("path-empty", "no path at all", leaf, 5, 8, List.of(), root);
    broken("path-extra-element", "the root appended to the path", leaf, 5, 8, plus(path, root),
        root);
    broken("path-preceding-garbage", "a leaf hash prepended to the path", leaf, 5, 8,
        plus(List.of(ref.leafHashAt(0)), path), root);
    broken("path-elements-swapped", "path[0] and path[1] swapped", leaf, 5, 8,
        List.of(path.get(1), path.get(0), path.get(2)), root);
    broken("wrong-leaf-hash", "the hash of leaf 4 with leaf 5's proof", ref.leafHashAt(4), 5, 8,
        path, root);
    broken("leaf-hash-without-domain-prefix",
        "SHA-256 of the leaf data without the 0x00 prefix", Digest.sha256(Hex.decode("40414243")),
        5, 8, path, root);
    broken("wrong-root", "the root of the 7-leaf prefix", leaf, 5, 8, path, ref.root(7));
    broken("root-bit-flipped", "lowest bit of the root flipped", leaf, 5, 8, path, flipBit(root));
    // A second-preimage attempt: the interior node over leaves 2 and 3 presented as a leaf at index
    // 1, with the one-hash path that would make it so in a tree of 2 "leaves". The checkpoint says
    // 4 leaves, and the path length for 4 leaves is 2, so the proof is refused.
    Digest node23 = MerkleTree.nodeHash(ref.leafHashAt(2), ref.leafHashAt(3));
    Digest node01 = MerkleTree.nodeHash(ref.leafHashAt(0), ref.leafHashAt(1));
    broken("interior-node-as-leaf",
        "node(leaf 2, leaf 3) presented as leaf 1 of the 4-leaf tree with path [node(leaf 0, leaf 1)]",
        node23, 1, 4, List.of(node01), ref.root(4));
  }

  private void goodInclusion(MerkleTree tree, long index, long size, String description) {
    InclusionProof p = tree.inclusionProof(index, size);
    put("inclusion/good-index-" + index + "-of-" + size + ".json",
        inclusionVector(description, tree.leafHashAt(index), index, size, p.path(), tree.root(size),
            null));
  }

  private void broken(String name, String description, Digest leaf, long index, long size,
      List<Digest> path, Digest root) {
    put("inclusion/" + name + ".json",
        inclusionVector(description, leaf, index, size, path, root, PROOF));
  }

  private static ObjectNode inclusionVector(String description, Digest leaf, long index,
      long size, List<Digest> path, Digest root, String wantErr) {
    ObjectNode v = VectorFiles.object();
    v.put("description", description);
    v.put("leafHash", leaf.hex());
    v.put("index", index);
    v.put("treeSize", size);
    v.set("path", hexArray(path));
    v.put("root", root.hex());
    v.put("wantErr", wantErr);
    return v;
  }

  // ---------------------------------------------------------------- consistency

  private void consistency() {
    goodConsistency(ref, 1, 1, "equal sizes: empty path, equal roots");
    goodConsistency(ref, 8, 8, "equal sizes: empty path, equal roots");
    goodConsistency(ref, 1, 8, "RFC 9162 reference tree");
    goodConsistency(ref, 6, 8, "RFC 9162 reference tree");
    goodConsistency(ref, 2, 5, "RFC 9162 reference tree");
    goodConsistency(ref, 6, 7, "RFC 9162 reference tree");
    goodConsistency(ref, 4, 8, "old size a power of two: its root starts the proof");
    goodConsistency(t13, 3, 13, "13-leaf tree");
    goodConsistency(t13, 8, 13, "13-leaf tree, old tree complete");
    goodConsistency(t13, 12, 13, "13-leaf tree, one leaf appended");

    ConsistencyProof p = ref.consistencyProof(6, 8);
    List<Digest> path = p.path();
    Digest r6 = ref.root(6);
    Digest r8 = ref.root(8);
    brokenConsistency("old-size-zero", "from the empty tree: nothing to prove", 0, 8, List.of(),
        MerkleTree.emptyRoot(), r8);
    brokenConsistency("old-size-exceeds-new", "from 8 leaves back to 6", 8, 6, path, r8, r6);
    brokenConsistency("equal-sizes-with-path", "8 to 8 with a non-empty path", 8, 8,
        List.of(ref.leafHashAt(0)), r8, r8);
    brokenConsistency("equal-sizes-different-roots", "8 to 8 with the 7-leaf root as the old one",
        8, 8, List.of(), ref.root(7), r8);
    brokenConsistency("path-empty", "6 to 8 without a path", 6, 8, List.of(), r6, r8);
    for (int i = 0; i < path.size(); i++) {
      brokenConsistency("path-element-" + i + "-bit-flipped", "lowest bit of path[" + i
          + "] flipped", 6, 8, with(path, i, flipBit(path.get(i))), r6, r8);
    }
    brokenConsistency("path-truncated", "last path hash removed", 6, 8, path.subList(0, 2), r6, r8);
    brokenConsistency("path-extra-element", "the new root appended", 6, 8, plus(path, r8), r6, r8);
    brokenConsistency("path-preceding-garbage", "the old root prepended", 6, 8,
        plus(List.of(r6), path), r6, r8);
    brokenConsistency("old-root-wrong", "the 5-leaf root as the old root", 6, 8, path,
        ref.root(5), r8);
    brokenConsistency("new-root-wrong", "the 7-leaf root as the new root", 6, 8, path, r6,
        ref.root(7));
    brokenConsistency("roots-swapped", "old and new roots swapped", 6, 8, path, r8, r6);
    brokenConsistency("old-size-plus-one", "the 6-to-8 proof claimed from 7", 7, 8, path,
        ref.root(7), r8);
    brokenConsistency("old-size-minus-one", "the 6-to-8 proof claimed from 5", 5, 8, path,
        ref.root(5), r8);
    brokenConsistency("new-size-minus-one", "the 6-to-8 proof claimed to 7", 6, 7, path, r6,
        ref.root(7));
    brokenConsistency("new-size-doubled", "the 6-to-8 proof claimed to 16", 6, 16, path, r6, r8);
  }

  private void goodConsistency(MerkleTree tree, long oldSize, long newSize, String description) {
    ConsistencyProof p = tree.consistencyProof(oldSize, newSize);
    put("consistency/good-" + oldSize + "-to-" + newSize + ".json",
        consistencyVector(description, oldSize, newSize, p.path(), tree.root(oldSize),
            tree.root(newSize), null));
  }

  private void brokenConsistency(String name, String description, long oldSize, long newSize,
      List<Digest> path, Digest oldRoot, Digest newRoot) {
    put("consistency/" + name + ".json",
        consistencyVector(description, oldSize, newSize, path, oldRoot, newRoot, CONSISTENCY));
  }

  private static ObjectNode consistencyVector(String description, long oldSize, long newSize,
      List<Digest> path, Digest oldRoot, Digest newRoot, String wantErr) {
    ObjectNode v = VectorFiles.object();
    v.put("description", description);
    v.put("oldSize", oldSize);
    v.put("newSize", newSize);
    v.set("path", hexArray(path));
    v.put("oldRoot", oldRoot.hex());
    v.put("newRoot", newRoot.hex());
    v.put("wantErr", wantErr);
    return v;
  }

  // ---------------------------------------------------------------- hash chain

  /** Record texts stand in for step records: the chain treats them as opaque bytes. */
  private void chain() {
    String run = "run-20261124-101500";
    List<String> records = new ArrayList<>();
    List<Digest> chain = new ArrayList<>();
    Digest prev = HashChain.genesis(run);
    for (int step = 0; step < 3; step++) {
      String record = "{\"prev\":\"" + prev.hex() + "\",\"step\":" + step + "}";
      records.add(record);
      prev = HashChain.next(prev, record.getBytes(StandardCharsets.UTF_8));
      chain.add(prev);
    }
    put("chain/good-three-steps.json",
        chainVector("three linked steps of one run", run, records, chain, null, -1));

    List<String> changed = new ArrayList<>(records);
    changed.set(1, changed.get(1).replace("\"step\":1", "\"step\":7"));
    put("chain/record-changed-after-chaining.json", chainVector(
        "step 1's record edited after its chain value was computed", run, changed, chain,
        Reason.CHAIN_MISMATCH, 1));

    put("chain/steps-swapped.json", chainVector("steps 1 and 2 swapped, with their chain values",
        run, List.of(records.get(0), records.get(2), records.get(1)),
        List.of(chain.get(0), chain.get(2), chain.get(1)), Reason.CHAIN_MISMATCH, 1));

    put("chain/step-missing.json", chainVector("step 1 dropped", run,
        List.of(records.get(0), records.get(2)), List.of(chain.get(0), chain.get(2)),
        Reason.CHAIN_MISMATCH, 1));

    put("chain/step-replayed.json", chainVector("step 1 appears twice", run,
        List.of(records.get(0), records.get(1), records.get(1), records.get(2)),
        List.of(chain.get(0), chain.get(1), chain.get(1), chain.get(2)), Reason.CHAIN_MISMATCH, 2));

    put("chain/run-id-changed.json", chainVector(
        "the steps of run-20261124-101500 presented as another run's: genesis binds the run id",
        "run-20261124-101501", records, chain, Reason.CHAIN_MISMATCH, 0));

    put("chain/chain-value-bit-flipped.json", chainVector("lowest bit of step 1's chain value",
        run, records, with(chain, 1, flipBit(chain.get(1))), Reason.CHAIN_MISMATCH, 1));
  }

  private static ObjectNode chainVector(String description, String runId, List<String> records,
      List<Digest> chain, Reason wantErr, long wantStep) {
    ObjectNode v = VectorFiles.object();
    v.put("description", description);
    v.put("runId", runId);
    v.put("genesis", HashChain.genesis(runId).hex());
    ArrayNode r = v.putArray("records");
    records.forEach(r::add);
    v.set("chain", hexArray(chain));
    v.put("wantErr", wantErr == null ? null : wantErr.name());
    if (wantErr != null) {
      v.put("wantStep", wantStep);
    }
    return v;
  }

  // ---------------------------------------------------------------- helpers

  private void put(String name, ObjectNode vector) {
    if (files.put(name, VectorFiles.write(vector)) != null) {
      throw new IllegalStateException("two vectors named " + name);
    }
  }

  private static ArrayNode hexArray(List<Digest> digests) {
    ArrayNode a = VectorFiles.object().arrayNode();
    digests.forEach(d -> a.add(d.hex()));
    return a;
  }

  static Digest flipBit(Digest d) {
    byte[] b = d.bytes();
    b[b.length - 1] ^= 1;
    return Digest.of(b);
  }

  private static List<Digest> with(List<Digest> list, int i, Digest d) {
    List<Digest> out = new ArrayList<>(list);
    out.set(i, d);
    return out;
  }

  private static List<Digest> plus(List<Digest> a, Digest b) {
    List<Digest> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  private static List<Digest> plus(List<Digest> a, List<Digest> b) {
    List<Digest> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
