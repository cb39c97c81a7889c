package dev.zkautograd.ezkl;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.ezkl.EzklException.Reason;
import dev.zkautograd.ezkl.worker.EzklWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code zk-setup-zk}: builds the step graph as ONNX, calibrates EZKL's settings, compiles the circuit,
 * makes or takes the SRS and runs EZKL's setup, then describes the folder in {@code keys.json} with
 * the SHA-256 of every file (docs/ezkl-backend.md, "Setup").
 *
 * @param circuit adam or sgd
 * @param dim parameters per chunk proof
 * @param scale fractional bits of EZKL's fixed point
 * @param out the key folder to write ({@code prover/keys})
 * @param srs a ceremony SRS to use, or null for a development SRS made by {@code ezkl.gen_srs}
 * @param srsSha256 the SHA-256 the given SRS must have, or null to take it as it is (its digest is recorded either way)
 */
public record EzklSetup(CircuitKind circuit, int dim, int scale, Path out, Path srs, Digest srsSha256) {
  /** The default grid: 2^-14, see docs/ezkl-backend.md, "Precision". */
  public static final int DEFAULT_SCALE = 14;

  static final Duration SETUP_TIMEOUT = Duration.ofHours(4);

  public EzklSetup {
    if (dim < 1 || dim > (1 << 16)) {
      throw new IllegalArgumentException("dim must lie in [1, 65536], not " + dim);
    }
    new FixedPointGrid(scale);
    if (srsSha256 != null && srs == null) {
      throw new IllegalArgumentException("an SRS digest needs an SRS file");
    }
  }

  /**
   * Runs the setup with {@code worker} and returns the written key folder.
   *
   * @throws EzklException KEY_MISMATCH if the given SRS is not the pinned one; REQUEST_REFUSED and the
   *     worker's failures from EZKL
   */
  public KeyDirectory run(EzklWorker worker) throws EzklException {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw EzklException.of(Reason.BAD_KEYS, "cannot make the key folder " + out + ": " + e.getMessage(), e);
    }
    if (srs != null) {
      if (!Files.isRegularFile(srs)) {
        throw EzklException.of(Reason.BAD_KEYS, "--srs " + srs + " is not a file");
      }
      Digest actual = KeyDirectory.sha256(srs);
      if (srsSha256 != null && !actual.equals(srsSha256)) {
        throw EzklException.of(Reason.KEY_MISMATCH, "the SRS " + srs + " is not the one pinned", srsSha256, actual);
      }
    }
    JsonObject.Builder req = JsonObject.builder()
        .put("circuit", circuit.id())
        .put("dim", dim)
        .put("scale", scale)
        .put("out", out.toAbsolutePath().toString());
    if (srs != null) {
      req.put("srs", srs.toAbsolutePath().toString());
    }
    JsonObject result = worker.call("setup", req.build(), SETUP_TIMEOUT);
    int logrows = (int) integer(result, "logrows");
    if (integer(result, "input_scale") != scale) {
      throw EzklException.of(Reason.REQUEST_REFUSED, "EZKL's calibration changed the input scale", scale, result.get("input_scale"));
    }
    // Chaining needs every output on the input grid: step t's outputs are step t+1's inputs, bit for bit.
    if (result.get("output_scales") instanceof dev.zkautograd.core.json.JsonArray scales) {
      for (int i = 0; i < scales.size(); i++) {
        if (!(scales.get(i) instanceof JsonNumber s) || !s.isSafeInteger() || s.longValue() != scale) {
          throw EzklException.of(Reason.REQUEST_REFUSED, "an output of the circuit is on another scale than its inputs", scale,
              scales.get(i));
        }
      }
    }
    boolean development = result.get("development_srs") == JsonBoolean.TRUE;
    Map<String, Digest> files = new TreeMap<>();
    for (String name : List.of(KeyDirectory.SETTINGS, KeyDirectory.COMPILED, KeyDirectory.PROVING_KEY, KeyDirectory.VERIFYING_KEY,
        KeyDirectory.SRS, circuit.graphFile())) {
      files.put(name, KeyDirectory.sha256(out.resolve(name)));
    }
    KeyDirectory keys = new KeyDirectory(out, circuit, dim, scale, logrows, worker.ezklVersion(), development, files);
    try {
      keys.write();
    } catch (IOException e) {
      throw EzklException.of(Reason.BAD_KEYS, "cannot write " + out.resolve(KeyDirectory.DESCRIPTION) + ": " + e.getMessage(), e);
    }
    return keys;
  }

  /**
   * The key folder {@code dir} checked for proving, made first with a development SRS (or {@code srs})
   * if it holds no keys yet; refused if it holds keys of another circuit or of vectors shorter than
   * {@code minDim}.
   */
  public static KeyDirectory ensure(Path dir, CircuitKind circuit, int minDim, Path srs, EzklWorker worker) throws EzklException {
    if (!Files.exists(dir.resolve(KeyDirectory.DESCRIPTION))) {
      return new EzklSetup(circuit, minDim, DEFAULT_SCALE, dir, srs, null).run(worker).checked(KeyDirectory.Use.PROVE);
    }
    KeyDirectory keys = KeyDirectory.read(dir);
    if (keys.circuit() != circuit || keys.dim() < minDim) {
      throw EzklException.of(Reason.BAD_KEYS, dir + " holds keys for " + keys.circuit().id() + " over " + keys.dim()
          + " parameters; this run needs " + circuit.id() + " over at least " + minDim + " per chunk (make them with zk-setup-zk "
          + "--circuit " + circuit.id() + " --dim " + minDim + " --out DIR, or give more chunks)", circuit.id() + " dim >= " + minDim,
          keys.circuit().id() + " dim " + keys.dim());
    }
    return keys.checked(KeyDirectory.Use.PROVE);
  }

  private static long integer(JsonObject o, String name) throws EzklException {
    if (!(o.get(name) instanceof JsonNumber n) || !n.isSafeInteger()) {
      throw EzklException.of(Reason.PROTOCOL, "the worker's setup result has no integer " + name);
    }
    return n.longValue();
  }
}
