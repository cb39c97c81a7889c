package dev.zkautograd.ezkl;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.ezkl.worker.EzklWorker;
import dev.zkautograd.zk.OptimizerKind;
import dev.zkautograd.zk.ProofBackend;
import dev.zkautograd.zk.ProvenChunk;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepPublicInputs;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's EZKL (Halo2 + KZG over BN254) behind {@link ProofBackend}: proves a chunk of an optimizer
 * step with the key folder's circuit through the worker, and verifies a proof against the public
 * inputs a record states (docs/ezkl-backend.md, "Verification"): the proof's Poseidon instances of
 * the state must digest to the record's state roots, those of the hyper-parameters must be the
 * hashes of the values the record declares, and EZKL's verifier must accept the proof.
 *
 * <p>EZKL's arithmetic is its own fixed point, not the Q32 rule of {@code core.optimizer}, so {@link
 * #proveChunk} returns the state the proof states and the trainer applies that.
 */
public final class EzklBackend implements ProofBackend, AutoCloseable {
  /** The security a verifier may ask for: BN254's pairing, estimated at about 100 bits (not a proven bound). */
  public static final double SECURITY_BITS = 100;

  static final Duration PROVE_TIMEOUT = Duration.ofMinutes(60);
  static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(10);
  static final Duration HASH_TIMEOUT = Duration.ofMinutes(2);

  private final KeyDirectory keys;
  private final EzklWorker worker;
  private final boolean ownsWorker;
  private final Path work;
  private final Map<Long, String> scalarHashes = new ConcurrentHashMap<>();

  private EzklBackend(KeyDirectory keys, EzklWorker worker, boolean ownsWorker, Path work) {
    this.keys = keys;
    this.worker = worker;
    this.ownsWorker = ownsWorker;
    this.work = work;
  }

  /**
   * A backend over a key folder whose files {@code use} needs have been checked ({@link
   * KeyDirectory#checked}), sharing a running worker (not closed with the backend).
   */
  public static EzklBackend of(KeyDirectory checkedKeys, EzklWorker worker) throws EzklException {
    return new EzklBackend(checkedKeys, worker, false, workFolder());
  }

  /** A backend over checked keys that closes {@code worker} when it is closed. */
  public static EzklBackend owning(KeyDirectory checkedKeys, EzklWorker worker) throws EzklException {
    return new EzklBackend(checkedKeys, worker, true, workFolder());
  }

  /** Checks the key folder for {@code use}, starts a worker and returns a backend that closes it. */
  public static EzklBackend open(Path keyDir, KeyDirectory.Use use) throws EzklException {
    KeyDirectory keys = KeyDirectory.read(keyDir).checked(use);
    return owning(keys, EzklWorker.start(dev.zkautograd.ezkl.worker.WorkerLaunch.locate()));
  }

  private static Path workFolder() throws EzklException {
    try {
      Path p = Files.createTempDirectory("zk-ezkl");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw EzklException.of(EzklException.Reason.WORKER_UNAVAILABLE, "cannot make a working folder: " + e.getMessage(), e);
    }
  }

  public KeyDirectory keys() {
    return keys;
  }

  public EzklWorker worker() {
    return worker;
  }

  @Override
  public String id() {
    return "ezkl";
  }

  @Override
  public StepProof prove(StepStatement statement, StepWitness witness) throws VerificationException {
    return proveChunk(statement, witness).proof();
  }

  /**
   * Proves one chunk and returns the state after the step as EZKL computed it.
   *
   * @throws VerificationException WITNESS_REJECTED if the statement is not this circuit's or the witness is
   *     beyond the grid's exact range
   * @throws UncheckedEzklException if the worker fails
   */
  @Override
  public ProvenChunk proveChunk(StepStatement statement, StepWitness witness) throws VerificationException {
    CircuitKind kind = keys.circuit();
    requireCircuit(statement, Reason.WITNESS_REJECTED);
    FixedPointGrid grid = keys.grid();
    int n = statement.length();
    List<long[]> vectors = new ArrayList<>();
    vectors.add(units(witness.weights(), n, grid, false, "w"));
    vectors.add(units(witness.gradients(), n, grid, false, "g"));
    if (kind == CircuitKind.ADAM) {
      vectors.add(units(witness.moments(), n, grid, false, "m"));
      vectors.add(units(witness.secondMoments(), n, grid, true, "u"));
    }
    List<JsonValue> inputs = new ArrayList<>();
    for (long[] v : vectors) {
      inputs.add(numbers(v, grid));
    }
    for (long s : StepScalars.of(statement, grid)) {
      inputs.add(numbers(new long[] {s}, grid));
    }
    inputs.add(integers(StatementWords.of(statement)));
    return inScratch("prove", dir -> {
      JsonObject result = worker.call("prove", JsonObject.builder()
          .put("circuit", kind.id())
          .put("dim", keys.dim())
          .put("compiled", keys.file(KeyDirectory.COMPILED).toString())
          .put("pk", keys.file(KeyDirectory.PROVING_KEY).toString())
          .put("vk", keys.file(KeyDirectory.VERIFYING_KEY).toString())
          .put("srs", keys.file(KeyDirectory.SRS).toString())
          .put("work", dir.toString())
          .put("inputs", new JsonArray(inputs))
          .build(), PROVE_TIMEOUT);
      byte[] proof = Files.readAllBytes(dir.resolve("proof.json"));
      EzklProofFile parsed = EzklProofFile.parse(proof);
      if (parsed.instances().size() != kind.instanceCount()) {
        throw VerificationException.of(Reason.MALFORMED, "EZKL's proof has another number of public instances",
            kind.instanceCount(), parsed.instances().size());
      }
      StepPublicInputs pub = new StepPublicInputs(statement, StateDigest.of(parsed, kind.stateInInstances()),
          StateDigest.of(parsed, kind.stateOutInstances()));
      return new ProvenChunk(new StepProof(pub, proof), computedState(result, n, grid));
    });
  }

  /** Work in a temporary folder of its own. */
  private interface Scratch<T> {
    T run(Path dir) throws EzklException, IOException, VerificationException;
  }

  /**
   * Runs {@code body} in a fresh temporary folder under the backend's working folder, deleted after;
   * the worker's failures leave as {@link UncheckedEzklException}.
   */
  private <T> T inScratch(String prefix, Scratch<T> body) throws VerificationException {
    Path dir = null;
    try {
      dir = Files.createTempDirectory(work, prefix);
      return body.run(dir);
    } catch (EzklException e) {
      throw new UncheckedEzklException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The outputs of the worker's witness, mapped back to the trainer's formats (exact: they lie on the grid). */
  private ProvenChunk.ChunkState computedState(JsonObject result, int n, FixedPointGrid grid) throws VerificationException {
    CircuitKind kind = keys.circuit();
    List<long[]> outs = new ArrayList<>();
    if (!(result.get("outputs") instanceof JsonArray all) || all.size() != kind.outputs().size()) {
      throw VerificationException.of(Reason.MALFORMED, "the worker's witness has another number of outputs", kind.outputs().size(),
          result.get("outputs"));
    }
    for (int o = 0; o < all.size(); o++) {
      if (!(all.get(o) instanceof JsonArray xs) || xs.size() != keys.dim()) {
        throw VerificationException.of(Reason.MALFORMED, "an output of the witness has another length", keys.dim(), all.get(o));
      }
      long[] units = new long[n];
      for (int i = 0; i < n; i++) {
        if (!(xs.get(i) instanceof JsonNumber x) || !x.isSafeInteger()) {
          throw VerificationException.of(Reason.MALFORMED, "an output of the witness is not an integer");
        }
        units[i] = x.longValue();
      }
      outs.add(units);
    }
    if (kind == CircuitKind.SGD) {
      return new ProvenChunk.ChunkState(q32(outs.get(0), grid), new long[0], new long[0]);
    }
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      try {
        v[i] = grid.momentSlot(outs.get(1)[i]);
      } catch (IllegalArgumentException e) {
        throw VerificationException.of(Reason.WITNESS_REJECTED, "EZKL's second moment u[" + i + "] lies outside [0, 2^10)");
      }
    }
    return new ProvenChunk.ChunkState(q32(outs.get(2), grid), q32(outs.get(0), grid), v);
  }

  private static long[] q32(long[] units, FixedPointGrid grid) {
    long[] out = new long[units.length];
    for (int i = 0; i < units.length; i++) {
      out[i] = grid.q32(units[i]);
    }
    return out;
  }

  @Override
  public void verify(byte[] proof, StepPublicInputs publicInputs, VerificationPolicy policy) throws VerificationException {
    if (publicInputs == null || policy == null) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "public inputs and policy are required");
    }
    if (policy.minimumBits() > SECURITY_BITS) {
      throw VerificationException.of(Reason.WEAK_PARAMETERS, "EZKL's KZG over BN254 is estimated at about 100 bits",
          "at least " + policy.minimumBits() + " bits", SECURITY_BITS + " bits");
    }
    EzklProofFile parsed = EzklProofFile.parse(proof);
    StepStatement statement = publicInputs.statement();
    requireCircuit(statement, Reason.PUBLIC_INPUT_MISMATCH);
    CircuitKind kind = keys.circuit();
    if (parsed.instances().size() != kind.instanceCount()) {
      throw VerificationException.of(Reason.MALFORMED, "the proof has another number of public instances than the "
          + kind.id() + " circuit", kind.instanceCount(), parsed.instances().size());
    }
    Digest in = StateDigest.of(parsed, kind.stateInInstances());
    if (!in.equals(publicInputs.rootStateIn())) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH,
          "state_in is not the digest of the proof's Poseidon hashes of w, m, u", publicInputs.rootStateIn(), in);
    }
    Digest out = StateDigest.of(parsed, kind.stateOutInstances());
    if (!out.equals(publicInputs.rootStateOut())) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH,
          "state_out is not the digest of the proof's Poseidon hashes of w', m', u'", publicInputs.rootStateOut(), out);
    }
    long[] scalars = StepScalars.of(statement, keys.grid());
    String[] want;
    String wantStatement;
    try {
      want = scalarHashes(scalars);
      wantStatement = statementHash(StatementWords.of(statement));
    } catch (EzklException e) {
      throw new UncheckedEzklException(e);
    }
    for (int i = 0; i < scalars.length; i++) {
      int at = kind.vectorInputs() + i;
      String got = HexFormat.of().formatHex(parsed.instance(at));
      if (!got.equals(want[i])) {
        String name = kind.inputs().get(at);
        throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "the proof's hash of " + name
            + " is not the Poseidon hash of the value the record declares (" + grid(scalars[i]) + ")", want[i], got);
      }
    }
    String gotStatement = HexFormat.of().formatHex(parsed.instance(kind.statementInstance()));
    if (!gotStatement.equals(wantStatement)) {
      throw VerificationException.of(Reason.PUBLIC_INPUT_MISMATCH, "the proof's statement hash is not the Poseidon hash of the "
          + "statement the record makes (" + describe(statement) + "): the proof is about another chunk, step or rule",
          wantStatement, gotStatement);
    }
    verifyWithEzkl(proof);
  }

  private static String describe(StepStatement s) {
    return "step " + s.step() + ", chunk " + s.chunkIndex() + " at offset " + s.offset() + " of length " + s.length() + " of "
        + s.totalParameters() + " parameters, " + s.optimizer().id() + " " + s.hyperParameters();
  }

  private String grid(long units) {
    return keys.grid().value(units) + " = " + units + "/2^" + keys.scale();
  }

  /** EZKL's own verifier on the proof bytes, with the checked settings, verifying key and SRS. */
  private void verifyWithEzkl(byte[] proof) throws VerificationException {
    inScratch("verify", dir -> {
      Path file = dir.resolve("proof.json");
      Files.write(file, proof);
      JsonObject r = worker.call("verify", JsonObject.builder()
          .put("proof", file.toString())
          .put("settings", keys.file(KeyDirectory.SETTINGS).toString())
          .put("vk", keys.file(KeyDirectory.VERIFYING_KEY).toString())
          .put("srs", keys.file(KeyDirectory.SRS).toString())
          .build(), VERIFY_TIMEOUT);
      if (!(r.get("valid") instanceof dev.zkautograd.core.json.JsonBoolean valid)) {
        throw EzklException.of(EzklException.Reason.PROTOCOL, "the worker's verify result has no valid flag");
      }
      if (!valid.value()) {
        String why = r.get("reason") instanceof JsonString s ? s.value() : "rejected";
        throw VerificationException.of(Reason.CONSTRAINT_MISMATCH, "EZKL's Halo2/KZG verifier rejects the proof: " + why);
      }
      return null;
    });
  }

  /** EZKL's Poseidon hash (as a proof's instance, little-endian hex) of the statement input's words. */
  private String statementHash(long[] words) throws EzklException {
    List<JsonValue> felts = new ArrayList<>(words.length);
    for (long w : words) felts.add(JsonNumber.of(w));
    JsonObject r = worker.call("poseidon", JsonObject.builder().put("felts", new JsonArray(List.of(new JsonArray(felts)))).build(),
        HASH_TIMEOUT);
    if (!(r.get("hashes") instanceof JsonArray hashes) || hashes.size() != 1 || !(hashes.get(0) instanceof JsonArray one)
        || one.size() != 1 || !(one.get(0) instanceof JsonString h)) {
      throw EzklException.of(EzklException.Reason.PROTOCOL, "the worker's Poseidon hash of the statement is not one field element");
    }
    return h.value();
  }

  /** EZKL's Poseidon hash (as a proof's instance, little-endian hex) of each one-element input. */
  private String[] scalarHashes(long[] scalars) throws EzklException {
    List<JsonValue> missing = new ArrayList<>();
    List<Long> keysMissing = new ArrayList<>();
    for (long s : scalars) {
      if (!scalarHashes.containsKey(s) && !keysMissing.contains(s)) {
        keysMissing.add(s);
        missing.add(new JsonArray(List.of(JsonNumber.of(s))));
      }
    }
    if (!missing.isEmpty()) {
      JsonObject r = worker.call("poseidon", JsonObject.builder().put("felts", new JsonArray(missing)).build(), HASH_TIMEOUT);
      if (!(r.get("hashes") instanceof JsonArray hashes) || hashes.size() != missing.size()) {
        throw EzklException.of(EzklException.Reason.PROTOCOL, "the worker returned another number of hashes", missing.size(),
            r.get("hashes"));
      }
      for (int i = 0; i < hashes.size(); i++) {
        if (!(hashes.get(i) instanceof JsonArray one) || one.size() != 1 || !(one.get(0) instanceof JsonString h)) {
          throw EzklException.of(EzklException.Reason.PROTOCOL, "a Poseidon hash of one element is one field element");
        }
        scalarHashes.put(keysMissing.get(i), h.value());
      }
    }
    String[] out = new String[scalars.length];
    for (int i = 0; i < scalars.length; i++) out[i] = scalarHashes.get(scalars[i]);
    return out;
  }

  private void requireCircuit(StepStatement statement, Reason reason) throws VerificationException {
    OptimizerKind want = keys.circuit().optimizer();
    if (statement.optimizer() != want) {
      throw VerificationException.of(reason, "the key folder's circuit proves another optimizer", want.id(), statement.optimizer().id());
    }
    if (statement.length() > keys.dim()) {
      throw VerificationException.of(reason, "the chunk is longer than the circuit's vectors", "at most " + keys.dim(),
          statement.length());
    }
  }

  /** A chunk's values in grid units, zero-padded to the circuit's dim. */
  private long[] units(long[] values, int n, FixedPointGrid grid, boolean momentSlot, String name) throws VerificationException {
    if (values.length != n) {
      throw VerificationException.of(Reason.WITNESS_REJECTED, name + " has another length than the chunk", n, values.length);
    }
    long[] u = new long[keys.dim()];
    for (int i = 0; i < n; i++) {
      u[i] = momentSlot ? grid.unitsOfMomentSlot(values[i]) : grid.unitsOfQ32(values[i]);
      if (!FixedPointGrid.representable(u[i])) {
        throw VerificationException.of(Reason.WITNESS_REJECTED, name + "[" + i + "] lies beyond the EZKL grid's exact range",
            "|x| < 2^" + (24 - grid.scale()), "larger");
      }
    }
    return u;
  }

  private static JsonArray integers(long[] xs) {
    List<JsonValue> out = new ArrayList<>(xs.length);
    for (long x : xs) out.add(JsonNumber.of(x));
    return new JsonArray(out);
  }

  private static JsonArray numbers(long[] units, FixedPointGrid grid) {
    List<JsonValue> xs = new ArrayList<>(units.length);
    for (long u : units) xs.add(JsonNumber.of(grid.value(u)));
    return new JsonArray(xs);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) return;
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }

  @Override
  public void close() {
    if (ownsWorker) {
      worker.close();
    }
    deleteQuietly(work);
  }
}
