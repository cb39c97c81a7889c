package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a run's proofs rest on when the backend needs a trusted setup (EZKL's KZG): the SRS's SHA-256
 * and whether it is a development SRS (generated locally, insecure), the SHA-256 of the files a
 * verifier must be given (settings, verifying key, compiled circuit), and a description of the
 * circuit. Member {@code trusted_setup} of the run manifest ({@code docs/formats/run-directory.md}):
 * present exactly for backends that need it.
 *
 * @param files file name (1-64 of {@code a-z 0-9 _ . -}) to SHA-256, at most {@value #MAX_ENTRIES}
 * @param circuit key (as {@code files}) to a string of at most 256 characters, at most {@value #MAX_ENTRIES}
 */
public record TrustedSetup(Digest srsSha256, boolean developmentSrs, Map<String, Digest> files, Map<String, String> circuit) {
  public static final int MAX_ENTRIES = 16;

  public TrustedSetup {
    Objects.requireNonNull(srsSha256);
    if (files.size() > MAX_ENTRIES || circuit.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("too many trusted-setup entries");
    }
    for (Map.Entry<String, Digest> e : files.entrySet()) {
      if (!isName(e.getKey())) throw new IllegalArgumentException("bad file name " + e.getKey());
      Objects.requireNonNull(e.getValue());
    }
    for (Map.Entry<String, String> e : circuit.entrySet()) {
      if (!isName(e.getKey()) || e.getValue().length() > 256) throw new IllegalArgumentException("bad circuit entry " + e.getKey());
      new JsonString(e.getValue()); // no lone surrogates
    }
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    circuit = Collections.unmodifiableMap(new TreeMap<>(circuit));
  }

  JsonObject toJson() {
    JsonObject.Builder fs = JsonObject.builder();
    files.forEach((k, v) -> fs.put(k, v.hex()));
    JsonObject.Builder c = JsonObject.builder();
    circuit.forEach(c::put);
    return JsonObject.builder()
        .put("circuit", c.build())
        .put("files", fs.build())
        .put("srs", JsonObject.builder().put("development", developmentSrs).put("sha256", srsSha256.hex()).build())
        .build();
  }

  static TrustedSetup read(JsonFields f) throws CoreException {
    JsonFields c = f.object("circuit");
    Map<String, String> circuit = new TreeMap<>();
    for (String key : c.unread()) {
      if (!isName(key)) throw c.bad(key, "keys are 1-64 of a-z 0-9 _ . -", "[a-z0-9_.-]{1,64}", key);
      circuit.put(key, c.string(key, 256));
    }
    JsonFields fs = f.object("files");
    Map<String, Digest> files = new TreeMap<>();
    for (String key : fs.unread()) {
      if (!isName(key)) throw fs.bad(key, "file names are 1-64 of a-z 0-9 _ . -", "[a-z0-9_.-]{1,64}", key);
      files.put(key, fs.digest(key));
    }
    if (files.size() > MAX_ENTRIES || circuit.size() > MAX_ENTRIES) {
      throw f.bad(files.size() > MAX_ENTRIES ? "files" : "circuit", "too many entries", "at most " + MAX_ENTRIES,
          Math.max(files.size(), circuit.size()));
    }
    JsonFields srs = f.object("srs");
    JsonValue dev = srs.value("development");
    if (!(dev instanceof JsonBoolean development)) {
      throw srs.bad("development", "wrong JSON type", "boolean", dev.kind());
    }
    Digest sha = srs.digest("sha256");
    srs.refuseUnknown();
    f.refuseUnknown();
    return new TrustedSetup(sha, development.value(), files, circuit);
  }

  private static boolean isName(String k) {
    return RunSpec.isModelKey(k);
  }
}
