package dev.zkautograd.ezkl;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.TrustedSetup;
import dev.zkautograd.ezkl.EzklException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key folder as {@code zk-setup-zk} writes it ({@code prover/keys/}): the seed's six files and {@code
 * keys.json}, which describes the circuit and holds the SHA-256 of every other file (format {@value
 * #FORMAT}, docs/ezkl-backend.md, "Key folder"). Nothing in the folder is used before its digest is
 * checked ({@link #checked}).
 *
 * @param circuit the step graph
 * @param dim parameters per chunk proof (vectors of the graph)
 * @param scale fractional bits of EZKL's fixed point for every input and output
 * @param logrows log2 of the circuit's rows (and of the SRS's size)
 * @param ezklVersion the EZKL version that wrote the keys
 * @param developmentSrs whether kzg.srs came from {@code ezkl.gen_srs} (a local, insecure SRS) rather than a ceremony
 * @param files SHA-256 of each file of the folder, by name
 */
public record KeyDirectory(Path dir, CircuitKind circuit, int dim, int scale, int logrows, String ezklVersion,
    boolean developmentSrs, Map<String, Digest> files) {
  public static final String FORMAT = "zk-autograd/ezkl-keys/v1";
  public static final String DESCRIPTION = "keys.json";
  public static final String SETTINGS = "settings.json";
  public static final String COMPILED = "compiled.ezkl";
  public static final String PROVING_KEY = "pk.key";
  public static final String VERIFYING_KEY = "vk.key";
  public static final String SRS = "kzg.srs";

  /** The files a run's manifest records, besides the SRS. */
  static final List<String> RECORDED = List.of(SETTINGS, VERIFYING_KEY, COMPILED);

  /** What the keys are used for: which files must be present and are checked. */
  public enum Use {
    /** settings.json, vk.key, kzg.srs. */
    VERIFY(List.of(SETTINGS, VERIFYING_KEY, SRS)),
    /** Everything verifying needs, and compiled.ezkl and pk.key. */
    PROVE(List.of(SETTINGS, VERIFYING_KEY, SRS, COMPILED, PROVING_KEY));

    private final List<String> files;

    Use(List<String> files) {
      this.files = files;
    }

    public List<String> files() {
      return files;
    }
  }

  public KeyDirectory {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    for (String name : List.of(SETTINGS, COMPILED, PROVING_KEY, VERIFYING_KEY, SRS, circuit.graphFile())) {
      if (!files.containsKey(name)) {
        throw new IllegalArgumentException("a key folder lists " + name);
      }
    }
  }

  /** The grid of this circuit's fixed point. */
  public FixedPointGrid grid() {
    return new FixedPointGrid(scale);
  }

  /** A file of the folder. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** What a run proven with these keys declares in its manifest (core's {@code trusted_setup}). */
  public TrustedSetup trustedSetup() {
    Map<String, Digest> recorded = new TreeMap<>();
    for (String name : RECORDED) recorded.put(name, files.get(name));
    Map<String, String> c = new TreeMap<>();
    c.put("circuit", circuit.id());
    c.put("graph_version", Integer.toString(CircuitKind.GRAPH_VERSION));
    c.put("dim", Integer.toString(dim));
    c.put("input_scale", Integer.toString(scale));
    c.put("logrows", Integer.toString(logrows));
    c.put("ezkl", ezklVersion);
    c.put("instances", "poseidon-hashed inputs and outputs");
    return new TrustedSetup(files.get(SRS), developmentSrs, recorded, c);
  }

  /**
   * Refuses this folder for verifying a run that declares {@code declared}: every file the run
   * records (and the SRS) must be this folder's.
   *
   * @throws EzklException KEY_MISMATCH naming the first file that differs
   */
  public void requireSetup(TrustedSetup declared) throws EzklException {
    if (!declared.srsSha256().equals(files.get(SRS))) {
      throw EzklException.of(Reason.KEY_MISMATCH, dir + ": kzg.srs is not the SRS the run was proven with", declared.srsSha256(),
          files.get(SRS));
    }
    for (String name : RECORDED) {
      Digest want = declared.files().get(name);
      if (!files.get(name).equals(want)) {
        throw EzklException.of(Reason.KEY_MISMATCH, dir + ": " + name + " is not the file the run was proven with",
            want == null ? "a run that records " + name : want, files.get(name));
      }
    }
  }

  /**
   * This folder after checking the SHA-256 of every file {@code use} needs against {@code keys.json}.
   *
   * @throws EzklException BAD_KEYS for a missing file, KEY_MISMATCH for one whose digest differs
   */
  public KeyDirectory checked(Use use) throws EzklException {
    for (String name : use.files()) {
      Digest actual = sha256(file(name));
      if (!actual.equals(files.get(name))) {
        throw EzklException.of(Reason.KEY_MISMATCH, file(name) + " is not the file " + DESCRIPTION + " records", files.get(name),
            actual);
      }
    }
    return this;
  }

  /** Reads {@code dir/keys.json} (no file is hashed yet: see {@link #checked}). */
  public static KeyDirectory read(Path dir) throws EzklException {
    Path description = dir.resolve(DESCRIPTION);
    if (!Files.isRegularFile(description)) {
      throw EzklException.of(Reason.BAD_KEYS, "not a key folder: no " + description + " (make one with zk-setup-zk)");
    }
    try {
      byte[] bytes = Files.readAllBytes(description);
      JsonFields f = JsonFields.of(Json.parse(bytes, JsonParseOptions.DEFAULT.withMaxBytes(1 << 20)), null);
      f.format(FORMAT);
      String id = f.oneOf("circuit", CircuitKind.ADAM.id(), CircuitKind.SGD.id());
      CircuitKind circuit = CircuitKind.ofId(id);
      long graph = f.integer("graph_version", 1, 1 << 20);
      if (graph != CircuitKind.GRAPH_VERSION) {
        throw CoreException.of(CoreException.Reason.UNSUPPORTED_VERSION, "the keys were made for another version of the step "
            + "graph; make them again with zk-setup-zk").field("graph_version").expected(CircuitKind.GRAPH_VERSION).actual(graph).build();
      }
      int dim = (int) f.integer("dim", 1, 1 << 16);
      int scale = (int) f.integer("input_scale", 4, 20);
      int logrows = (int) f.integer("logrows", 1, 28);
      String ezkl = f.string("ezkl", 64);
      JsonFields srs = f.object("srs");
      JsonValue dev = srs.value("development");
      if (!(dev instanceof JsonBoolean development)) {
        throw srs.bad("development", "wrong JSON type", "boolean", dev.kind());
      }
      srs.refuseUnknown();
      JsonFields fs = f.object("files");
      Map<String, Digest> files = new TreeMap<>();
      for (String name : fs.unread()) {
        files.put(name, fs.digest(name));
      }
      f.refuseUnknown();
      for (String name : List.of(SETTINGS, COMPILED, PROVING_KEY, VERIFYING_KEY, SRS, circuit.graphFile())) {
        if (!files.containsKey(name)) {
          throw f.bad("files", "the key folder's description lists no " + name, name, files.keySet());
        }
      }
      if (files.size() != 6) {
        throw f.bad("files", "a key folder has exactly six files", 6, files.keySet());
      }
      return new KeyDirectory(dir, circuit, dim, scale, logrows, ezkl, development.value(), files);
    } catch (CoreException e) {
      throw EzklException.of(Reason.BAD_KEYS, description + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw EzklException.of(Reason.BAD_KEYS, "cannot read " + description + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code keys.json}. */
  public void write() throws IOException {
    JsonObject.Builder fs = JsonObject.builder();
    files.forEach((name, d) -> fs.put(name, d.hex()));
    JsonObject o = JsonObject.builder()
        .put("format", FORMAT)
        .put("circuit", circuit.id())
        .put("graph_version", CircuitKind.GRAPH_VERSION)
        .put("dim", dim)
        .put("input_scale", scale)
        .put("logrows", logrows)
        .put("ezkl", ezklVersion)
        .put("srs", JsonObject.builder().put("development", developmentSrs).build())
        .put("files", fs.build())
        .build();
    Files.write(file(DESCRIPTION), (Json.writeString(o) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * SHA-256 of a file, streamed (proving keys are hundreds of MB).
   *
   * @throws EzklException BAD_KEYS if it cannot be read
   */
  public static Digest sha256(Path file) throws EzklException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
      return Digest.of(md.digest());
    } catch (IOException e) {
      throw EzklException.of(Reason.BAD_KEYS, "cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
