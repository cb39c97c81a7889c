package dev.zkautograd.contracts.evm;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.StepAir;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.sgd.SgdAir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an on-chain verifier is generated for (docs/evm-verifier.md, "The parameters file"): the
 * declared rule, the model's parameter count split into equal chunks, and the proof parameters. The
 * generated contract accepts proofs of exactly this statement shape and parameter set.
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
    if (optimizer instanceof OptimizerSpec.Adam a) {
      return StepStatement.adam(a.lr(), a.beta1(), a.beta2(), a.eps(), a.clip(), step, parameters, chunk, (long) chunk * length, length);
    }
    return StepStatement.sgd(optimizer.lr(), optimizer.clip(), step, parameters, chunk, (long) chunk * length, length);
  }

  /**
   * The run's rule as {@code RunAnchor} registers it: the statement bytes before the step number
   * (encoding version, optimizer, hyper-parameters, fraction bits), which every proof of the run
   * starts its statement with.
   */
  public byte[] rule() {
    byte[] s = statement(0, 0).toBytes();
    return java.util.Arrays.copyOf(s, 3 + 8 * (s[2] & 0xff) + 1);
  }

  /**
   * The step AIR of that statement.
   *
   * @throws IllegalArgumentException for a rule the generator does not translate yet (Adam: its
   *     per-step constants would have to be derived on chain, see docs/evm-verifier.md)
   */
  public StepAir air(long step, int chunk) {
    if (!(optimizer instanceof OptimizerSpec.Sgd)) {
      throw new IllegalArgumentException("the EVM verifier generator translates the SGD step AIR only; "
          + optimizer.kind() + " is not supported yet (docs/evm-verifier.md, \"Not on chain\")");
    }
    try {
      return SgdAir.of(statement(step, chunk));
    } catch (VerificationException e) {
      throw new IllegalArgumentException("the rule is not a valid SGD statement: " + e.getMessage(), e);
    }
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
    JsonFields f = JsonFields.of(Json.parse(utf8), "");
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
