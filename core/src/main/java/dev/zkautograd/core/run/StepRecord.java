package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One line of {@code steps.jsonl} (format {@value #FORMAT}, {@code docs/formats/step-record.md}): a
 * {@link StepDraft} sealed with its derived roots and its hash-chain links.
 *
 * <p>A record is only ever made by {@link #seal} or {@link #parse}, so every instance is consistent:
 * its roots are those of its chunks, and {@code chain = HashChain.next(prev, canonical bytes of the
 * record without "chain")}. Its Merkle leaf is its whole canonical line, without the newline.
 */
public final class StepRecord {
  public static final String FORMAT = "zk-autograd/step/v1";

  /** Longest line accepted (a step with {@link StepDraft#MAX_CHUNKS} chunks fits). */
  public static final int MAX_LINE_BYTES = 8 << 20;

  private final StepDraft draft;
  private final Digest chunksRoot;
  private final Digest stateIn;
  private final Digest stateOut;
  private final Digest prev;
  private final Digest chain;
  private final byte[] line;

  private StepRecord(StepDraft draft, Digest chunksRoot, Digest stateIn, Digest stateOut, Digest prev, Digest chain, byte[] line) {
    this.draft = draft;
    this.chunksRoot = chunksRoot;
    this.stateIn = stateIn;
    this.stateOut = stateOut;
    this.prev = prev;
    this.chain = chain;
    this.line = line;
  }

  /** Seals {@code draft} after the record whose chain value is {@code prev} (or the genesis value). */
  public static StepRecord seal(StepDraft draft, Digest prev) {
    Digest chunksRoot = chunksRoot(draft.chunks());
    Digest in = stateRoot(draft.chunks(), ChunkEntry::stateIn);
    Digest out = stateRoot(draft.chunks(), ChunkEntry::stateOut);
    JsonObject body = body(draft, chunksRoot, in, out, prev);
    Digest chain = HashChain.next(prev, Json.write(body));
    JsonObject whole = JsonObject.builder().putAll(body.members()).put("chain", chain.hex()).build();
    return new StepRecord(draft, chunksRoot, in, out, prev, chain, Json.write(whole));
  }

  /**
   * Reads one line (without its newline). The bytes must be canonical JSON of this format with
   * consistent roots and chain; errors name the field, and the step once it is known.
   */
  public static StepRecord parse(byte[] line) throws CoreException {
    JsonValue v = Json.parse(line, JsonParseOptions.CANONICAL.withMaxBytes(MAX_LINE_BYTES));
    JsonFields f = JsonFields.of(v, null);
    f.format(FORMAT);
    long step = f.integer("step", 0, JsonNumber.MAX_SAFE_INTEGER);
    try {
      return read(f, step, (JsonObject) v, line);
    } catch (CoreException e) {
      throw e.at(null, step);
    }
  }

  private static StepRecord read(JsonFields f, long step, JsonObject whole, byte[] line) throws CoreException {
    StepDraft.Builder b = StepDraft.builder()
        .step(step)
        .runId(RunLayout.checkRunId(f.string("run", RunLayout.MAX_RUN_ID_LENGTH), "run"))
        .backend(Backend.fromWire(f.oneOf("backend", Backend.STARK.wire(), Backend.EZKL.wire())))
        .optimizer(OptimizerSpec.read(f.object("optimizer")))
        .params(f.integer("params", 1, JsonNumber.MAX_SAFE_INTEGER))
        .chunks(readChunks(f))
        .loss(f.decimal("loss", true))
        .quantisation(Quantisation.read(f.object("quantisation")))
        .proveMs(f.integer("prove_ms", 0, JsonNumber.MAX_SAFE_INTEGER));
    if (f.has("signature")) {
      b.signature(StepSignature.read(f.object("signature")));
    }
    Digest chunksRoot = f.digest("chunks_root");
    Digest in = f.digest("state_in");
    Digest out = f.digest("state_out");
    Digest prev = f.digest("prev");
    Digest chain = f.digest("chain");
    f.refuseUnknown();
    StepDraft draft = b.build();

    requireRoot("chunks_root", chunksRoot(draft.chunks()), chunksRoot);
    requireRoot("state_in", stateRoot(draft.chunks(), ChunkEntry::stateIn), in);
    requireRoot("state_out", stateRoot(draft.chunks(), ChunkEntry::stateOut), out);
    Digest want = HashChain.next(prev, Json.write(whole.without("chain")));
    if (!want.equals(chain)) {
      throw CoreException.of(Reason.CHAIN_MISMATCH, "chain is not HashChain.next(prev, record without chain)")
          .field("chain").expected(want).actual(chain).build();
    }
    return new StepRecord(draft, chunksRoot, in, out, prev, chain, line.clone());
  }

  private static List<ChunkEntry> readChunks(JsonFields f) throws CoreException {
    List<JsonValue> elements = f.array("chunks", StepDraft.MAX_CHUNKS);
    List<ChunkEntry> chunks = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      chunks.add(ChunkEntry.read(JsonFields.of(elements.get(i), f.elementPath("chunks", i)), StepDraft.MAX_CHUNKS - 1));
    }
    return chunks;
  }

  private static void requireRoot(String field, Digest want, Digest got) throws CoreException {
    if (!want.equals(got)) {
      throw CoreException.of(Reason.ROOT_MISMATCH, field + " is not the root recomputed from the chunks")
          .field(field).expected(want).actual(got).build();
    }
  }

  private static JsonObject body(StepDraft d, Digest chunksRoot, Digest in, Digest out, Digest prev) {
    List<JsonValue> chunks = new ArrayList<>(d.chunks().size());
    for (ChunkEntry c : d.chunks()) chunks.add(c.toJson());
    JsonObject.Builder b = JsonObject.builder()
        .put("format", FORMAT)
        .put("run", d.runId())
        .put("step", d.step())
        .put("backend", d.backend().wire())
        .put("optimizer", d.optimizer().toJson())
        .put("params", d.params())
        .put("chunks", new JsonArray(chunks))
        .put("chunks_root", chunksRoot.hex())
        .put("state_in", in.hex())
        .put("state_out", out.hex())
        .put("loss", d.loss())
        .put("quantisation", d.quantisation().toJson())
        .put("prove_ms", d.proveMs())
        .put("prev", prev.hex());
    if (d.signature() != null) {
      b.put("signature", d.signature().toJson());
    }
    return b.build();
  }

  /** RFC 9162 root over the canonical bytes of the chunk entries. */
  static Digest chunksRoot(List<ChunkEntry> chunks) {
    List<Digest> leaves = new ArrayList<>(chunks.size());
    for (ChunkEntry c : chunks) leaves.add(MerkleTree.leafHash(c.canonicalBytes()));
    return MerkleTree.ofLeafHashes(leaves).root();
  }

  /** RFC 9162 root over the chunks' 32-byte state roots: the whole-state commitment. */
  static Digest stateRoot(List<ChunkEntry> chunks, Function<ChunkEntry, Digest> side) {
    List<Digest> leaves = new ArrayList<>(chunks.size());
    for (ChunkEntry c : chunks) leaves.add(MerkleTree.leafHash(side.apply(c).bytes()));
    return MerkleTree.ofLeafHashes(leaves).root();
  }

  public StepDraft draft() {
    return draft;
  }

  public String runId() {
    return draft.runId();
  }

  public long step() {
    return draft.step();
  }

  public List<ChunkEntry> chunks() {
    return draft.chunks();
  }

  public Digest chunksRoot() {
    return chunksRoot;
  }

  /** Commitment to the whole state before the step. */
  public Digest stateIn() {
    return stateIn;
  }

  /** Commitment to the whole state after the step. */
  public Digest stateOut() {
    return stateOut;
  }

  /** The previous record's chain value, or {@code HashChain.genesis(run)} for step 0. */
  public Digest prev() {
    return prev;
  }

  public Digest chain() {
    return chain;
  }

  /** The canonical line, without the newline. */
  public byte[] line() {
    return line.clone();
  }

  /** This record's leaf in the run's RFC 9162 tree: the leaf hash of its line. */
  public Digest leafHash() {
    return MerkleTree.leafHash(line);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepRecord r && Arrays.equals(r.line, line);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(line);
  }

  @Override
  public String toString() {
    return "StepRecord[" + draft.runId() + " step " + draft.step() + " chain " + chain + "]";
  }
}
