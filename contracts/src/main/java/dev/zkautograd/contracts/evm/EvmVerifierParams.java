package dev.zkautograd.contracts.evm;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.adam.AdamAir;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.params.ParameterChoice;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import dev.zkautograd.zk.sgd.SgdAir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The STARK's proof-system parameters file (docs/evm-verifier.md, "The parameters file"): the
 * declared rule, the model's parameter count split into equal chunks, and the proof parameters.
 * {@code zk-setup-zk --backend stark} writes it, a prover proves a run with exactly these parameters
 * ({@code demo --proof-params}), and the generated contract accepts proofs of exactly this statement
 * shape and parameter set.
 *
 * @param optimizer the run's declared rule (Q32)
 * @param parameters trained parameters of the whole model
 * @param chunks chunks per step; must divide {@code parameters}, so that every chunk has one shape
 * @param proof the proof parameters every step proof of the run is made with
 */
public record EvmVerifierParams(OptimizerSpec optimizer, long parameters, int chunks, ProofParameters proof) {
  /** The format tag of the file. */
  public static final String FORMAT = "zk-autograd/evm-verifier-params/v1";

  /** Largest file read. */
  private static final int MAX_BYTES = 64 << 10;

  /** Order of nested members in {@link #toText}: the spec's, then any other by name. */
  private static final List<String> MEMBER_ORDER = List.of("kind", "frac_bits", "lr", "beta1", "beta2", "eps", "clip",
      "blowup_log2", "queries", "grinding_bits", "folding_log2");

  public EvmVerifierParams {
    if (chunks < 1 || parameters < 1 || parameters % chunks != 0) {
      throw new IllegalArgumentException("parameters (" + parameters + ") must split into " + chunks + " equal chunks");
    }
    if (parameters / chunks > (1 << 24)) {
      throw new IllegalArgumentException("chunks longer than 2^24 parameters");
    }
  }

  /** Parameters in every chunk. */
  public int chunkLength() {
    return Math.toIntExact(parameters / chunks);
  }

  /** The statement of chunk {@code chunk} of step {@code step}, as every honest prover states it. */
  public StepStatement statement(long step, int chunk) {
    int length = chunkLength();
    return StepStatement.of(optimizer, step, parameters, chunk, (long) chunk * length, length);
  }

  /**
   * The run's rule as {@code RunAnchor} registers it: the statement bytes before the step number
   * (encoding version, optimizer, hyper-parameters, fraction bits), which every proof of the run
   * starts its statement with.
   */
  public byte[] rule() {
    return statement(0, 0).ruleBytes();
  }

  /**
   * The step AIR of that statement, as the EVM verifier generator translates it.
   *
   * @throws IllegalArgumentException for a rule the generator does not translate yet (Adam: its
   *     per-step constants would have to be derived on chain, see docs/evm-verifier.md)
   */
  public StepAir air(long step, int chunk) {
    if (!(optimizer instanceof OptimizerSpec.Sgd)) {
      throw new IllegalArgumentException("the EVM verifier generator translates the SGD step AIR only; "
          + optimizer.kind() + " is not supported yet (docs/evm-verifier.md, \"Not on chain\")");
    }
    return stepAir(step, chunk);
  }

  /**
   * The step AIR of that statement for any rule the prover proves (SGD or Adam).
   *
   * @throws IllegalArgumentException if the rule's hyper-parameters make no valid statement
   */
  public StepAir stepAir(long step, int chunk) {
    StepStatement s = statement(step, chunk);
    try {
      return optimizer instanceof OptimizerSpec.Adam ? AdamAir.of(s) : SgdAir.of(s);
    } catch (VerificationException e) {
      throw new IllegalArgumentException("the rule is not a valid " + optimizer.kind() + " statement: " + e.getMessage(), e);
    }
  }

  /**
   * The file the default prover's choice makes for a statement: {@link ParameterChoice#proven} of
   * {@code minimumBits} over the AIR of its one chunk shape (every step's AIR has the same shape).
   *
   * @throws IllegalArgumentException if the chunking is uneven, the rule invalid, or no blow-up reaches the bound
   */
  public static EvmVerifierParams proven(OptimizerSpec optimizer, long parameters, int chunks, double minimumBits) {
    EvmVerifierParams shape = new EvmVerifierParams(optimizer, parameters, chunks, ProofParameters.PROVEN_100);
    ProofParameters chosen = ParameterChoice.proven(minimumBits).choose(CompiledAir.of(shape.stepAir(0, 0)));
    return new EvmVerifierParams(optimizer, parameters, chunks, chosen);
  }

  /**
   * The bits {@link #proof} proves for the chunk shape, by the bound of docs/proof-system.md,
   * "Soundness" (what every verifier recomputes from a proof).
   *
   * @throws IllegalArgumentException if the parameters cannot prove the chunk at all
   */
  public double provenBits() {
    CompiledAir ca = CompiledAir.of(stepAir(0, 0));
    return SecurityBound.bits(ProofShape.of(proof, ca), ca);
  }

  /**
   * Refuses a run whose statement is not this file's: the first differing field (optimizer.kind,
   * each hyper-parameter as the manifest writes it, parameters, chunks), with the file's value as
   * expected and the run's as found.
   */
  public void requireStatement(OptimizerSpec runOptimizer, long runParameters, int runChunks) throws CoreException {
    Map<String, JsonValue> mine = optimizer.toJson().members();
    Map<String, JsonValue> theirs = runOptimizer.toJson().members();
    TreeSet<String> others = new TreeSet<>(mine.keySet());
    others.addAll(theirs.keySet());
    others.remove("kind");
    List<String> names = new ArrayList<>(List.of("kind")); // a rule of another kind is named as such, not by its first hyper-parameter
    names.addAll(others);
    for (String name : names) {
      if (!Objects.equals(mine.get(name), theirs.get(name))) {
        throw mismatch("optimizer." + name, text(mine.get(name)), text(theirs.get(name)));
      }
    }
    if (runParameters != parameters) {
      throw mismatch("parameters", parameters, runParameters);
    }
    if (runChunks != chunks) {
      throw mismatch("chunks", chunks, runChunks);
    }
  }

  private static String text(JsonValue v) {
    return v == null ? "absent" : Json.writeString(v);
  }

  private static CoreException mismatch(String field, Object file, Object run) {
    return CoreException.of(CoreException.Reason.BAD_FIELD, "the run's statement is not the one the parameters file is for")
        .field(field).expected(file).actual(run).build();
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("format", FORMAT)
        .put("optimizer", optimizer.toJson())
        .put("parameters", parameters)
        .put("chunks", chunks)
        .put("proof", JsonObject.builder()
            .put("blowup_log2", proof.blowupLog2())
            .put("queries", proof.queries())
            .put("grinding_bits", proof.grindingBits())
            .put("folding_log2", proof.foldingLog2())
            .build())
        .build();
  }

  /**
   * The file's text in its documented layout (docs/evm-verifier.md): one top-level member per line,
   * nested objects on one line, members in the order of the spec's table.
   */
  public String toText() {
    JsonObject o = toJson();
    StringBuilder s = new StringBuilder("{\n");
    List<String> top = List.of("format", "optimizer", "parameters", "chunks", "proof");
    for (int i = 0; i < top.size(); i++) {
      s.append("  \"").append(top.get(i)).append("\": ").append(line(o.get(top.get(i))))
          .append(i + 1 < top.size() ? ",\n" : "\n");
    }
    return s.append("}\n").toString();
  }

  private static String line(JsonValue v) {
    if (!(v instanceof JsonObject o)) {
      return Json.writeString(v);
    }
    List<String> names = new ArrayList<>(o.members().keySet());
    names.sort(Comparator.comparingInt((String n) -> MEMBER_ORDER.contains(n) ? MEMBER_ORDER.indexOf(n) : MEMBER_ORDER.size())
        .thenComparing(Comparator.naturalOrder()));
    StringBuilder s = new StringBuilder("{");
    for (String n : names) {
      s.append(s.length() > 1 ? ", " : "").append(Json.writeString(new JsonString(n))).append(": ")
          .append(line(o.get(n)));
    }
    return s.append('}').toString();
  }

  /** Reads a parameters file; errors name the file and the field. */
  public static EvmVerifierParams read(Path file) throws CoreException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw CoreException.of(CoreException.Reason.BAD_FIELD, "parameters file too large").file(file.toString())
            .expected("<= " + MAX_BYTES + " bytes").actual(Files.size(file) + " bytes").build();
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw CoreException.of(CoreException.Reason.IO, "cannot read the parameters file: " + e.getMessage()).file(file.toString()).build(e);
    }
    try {
      return parse(bytes);
    } catch (CoreException e) {
      throw e.at(file.toString(), null);
    }
  }

  /** Parses the JSON bytes of a parameters file. */
  public static EvmVerifierParams parse(byte[] utf8) throws CoreException {
    JsonFields f = JsonFields.of(Json.parse(utf8), null);
    f.format(FORMAT);
    OptimizerSpec optimizer = OptimizerSpec.read(f.object("optimizer"));
    long parameters = f.integer("parameters", 1, 1L << 40);
    int chunks = (int) f.integer("chunks", 1, 1 << 20);
    JsonFields p = f.object("proof");
    ProofParameters proof;
    int blowup = (int) p.integer("blowup_log2", 0, 255);
    int queries = (int) p.integer("queries", 0, 65535);
    int grinding = (int) p.integer("grinding_bits", 0, 255);
    int folding = (int) p.integer("folding_log2", 0, 255);
    p.refuseUnknown();
    try {
      proof = ProofParameters.builder().blowupLog2(blowup).queries(queries).grindingBits(grinding).foldingLog2(folding).build();
    } catch (IllegalArgumentException e) {
      throw f.bad("proof", e.getMessage(), "parameters within the proof format's bounds", p);
    }
    f.refuseUnknown();
    try {
      return new EvmVerifierParams(optimizer, parameters, chunks, proof);
    } catch (IllegalArgumentException e) {
      throw f.bad("chunks", e.getMessage(), "a divisor of parameters", chunks);
    }
  }
}
