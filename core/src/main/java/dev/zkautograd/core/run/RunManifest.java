package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code run_manifest.json} (format {@value #FORMAT}, {@code docs/formats/run-directory.md}): the
 * run's declaration, and once finished its log head and the digest of every file.
 *
 * <p>On disk it is signed: see {@link SignedManifest}, the only way to read or write the file.
 *
 * <p>The writer creates it {@link Status#OPEN} (declaration and verifier key only, so that a crashed
 * run can be resumed and its prefix verified) and rewrites it {@link Status#FINISHED} at the end.
 *
 * @param torrent null until a torrent is made for the run
 */
public record RunManifest(RunSpec spec, Status status, long steps, LogHead log, List<FileEntry> files, Torrent torrent) {
  public static final String FORMAT = "zk-autograd/manifest/v1";

  /** Largest manifest accepted. */
  public static final int MAX_BYTES = 64 << 20;

  /** Most files a manifest lists. */
  public static final int MAX_FILES = 1 << 20;

  /** Whether the run is still being written. */
  public enum Status {
    OPEN("open"),
    FINISHED("finished");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * The head of the run's transparency log.
   *
   * @param checkpoint the checkpoint file, {@value RunLayout#CHECKPOINT}
   * @param verifierKey the C2SP signed-note verifier key of the checkpoint signer, named {@code zk-autograd/<run-id>}
   */
  public record LogHead(long size, Digest root, RelativePath checkpoint, String verifierKey) {
    public LogHead {
      Objects.requireNonNull(root);
      Objects.requireNonNull(verifierKey);
      if (size < 0 || size > JsonNumber.MAX_SAFE_INTEGER) throw new IllegalArgumentException("log size out of range");
    }

    JsonObject toJson() {
      return JsonObject.builder().put("size", size).put("root", root.hex()).put("checkpoint", checkpoint.value())
          .put("verifier_key", verifierKey).build();
    }
  }

  /** One file of the run: where, how long, and its SHA-256. */
  public record FileEntry(RelativePath path, long size, Digest sha256) {
    public FileEntry {
      if (size < 0 || size > JsonNumber.MAX_SAFE_INTEGER) throw new IllegalArgumentException("file size out of range");
      Objects.requireNonNull(sha256);
    }

    JsonObject toJson() {
      return JsonObject.builder().put("path", path.value()).put("size", size).put("sha256", sha256.hex()).build();
    }
  }

  /**
   * The run's torrent.
   *
   * @param infoHash BitTorrent v1 info-hash, 40 lower-case hex digits
   * @param magnet the magnet link
   */
  public record Torrent(String infoHash, String magnet) {
    public Torrent {
      if (!isInfoHash(infoHash) || !magnet.startsWith("magnet:?") || magnet.length() > 4096) {
        throw new IllegalArgumentException("bad torrent info");
      }
    }

    JsonObject toJson() {
      return JsonObject.builder().put("info_hash", infoHash).put("magnet", magnet).build();
    }
  }

  public RunManifest {
    Objects.requireNonNull(spec);
    Objects.requireNonNull(status);
    Objects.requireNonNull(log);
    files = List.copyOf(files);
    if (status == Status.OPEN && (steps != 0 || log.size() != 0 || !files.isEmpty())) {
      throw new IllegalArgumentException("an open manifest has no steps, log head or files yet");
    }
    for (int i = 1; i < files.size(); i++) {
      if (files.get(i - 1).path().value().compareTo(files.get(i).path().value()) >= 0) {
        throw new IllegalArgumentException("files must be sorted by path, each once");
      }
    }
  }

  /** The manifest a new run starts with. */
  public static RunManifest open(RunSpec spec, String verifierKey) {
    Digest emptyRoot = dev.zkautograd.core.log.MerkleTree.ofLeafHashes(List.of()).root();
    return new RunManifest(spec, Status.OPEN, 0,
        new LogHead(0, emptyRoot, new RelativePath(RunLayout.CHECKPOINT), verifierKey), List.of(), null);
  }

  /** A copy with the torrent set. */
  public RunManifest withTorrent(Torrent t) {
    return new RunManifest(spec, status, steps, log, files, t);
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("format", FORMAT).put("status", status.wire()).put("steps", steps);
    spec.writeTo(b);
    List<JsonValue> fs = new ArrayList<>(files.size());
    for (FileEntry f : files) fs.add(f.toJson());
    return b.put("log", log.toJson())
        .put("files", new JsonArray(fs))
        .put("torrent", torrent == null ? JsonNull.NULL : torrent.toJson())
        .build();
  }

  /**
   * Canonical JSON of the manifest without its signature: what {@link SignedManifest} signs. The file
   * {@value RunLayout#MANIFEST} holds {@link SignedManifest#bytes()}, never these bytes alone.
   */
  byte[] unsignedBytes() {
    return Json.write(toJson());
  }

  /**
   * Reads the members of a manifest from {@code f} (the caller has taken the {@code signature}
   * member); errors name the field, and {@link SignedManifest#parse} adds the file.
   */
  static RunManifest read(JsonFields f) throws CoreException {
    f.format(FORMAT);
    Status status = f.oneOf("status", "open", "finished").equals("open") ? Status.OPEN : Status.FINISHED;
    RunSpec spec = RunSpec.read(f);
    long steps = f.integer("steps", 0, JsonNumber.MAX_SAFE_INTEGER);
    LogHead log = readLog(f.object("log"), spec);
    List<FileEntry> files = readFiles(f);
    JsonFields t = f.objectOrNull("torrent");
    Torrent torrent = t == null ? null : readTorrent(t);
    f.refuseUnknown();
    if (status == Status.OPEN && (steps != 0 || log.size() != 0 || !files.isEmpty())) {
      throw CoreException.of(Reason.BAD_FIELD, "an open manifest has steps 0, log size 0 and no files").field("status")
          .expected("finished").actual("open").build();
    }
    if (status == Status.FINISHED && steps != log.size()) {
      throw CoreException.of(Reason.BAD_FIELD, "steps and log size differ").field("log.size").expected(steps).actual(log.size()).build();
    }
    return new RunManifest(spec, status, steps, log, files, torrent);
  }

  private static LogHead readLog(JsonFields f, RunSpec spec) throws CoreException {
    long size = f.integer("size", 0, JsonNumber.MAX_SAFE_INTEGER);
    Digest root = f.digest("root");
    RelativePath checkpoint = RelativePath.parse(f.string("checkpoint", RelativePath.MAX_LENGTH), f.field("checkpoint"));
    if (!checkpoint.value().equals(RunLayout.CHECKPOINT)) {
      throw f.bad("checkpoint", "the checkpoint file is named " + RunLayout.CHECKPOINT, RunLayout.CHECKPOINT, checkpoint);
    }
    String key = f.string("verifier_key", 1024);
    NoteVerifier verifier;
    try {
      verifier = NoteVerifier.parse(key);
    } catch (CoreException e) {
      throw CoreException.of(e.reason(), "not a signed-note verifier key: " + e.getMessage()).field(f.field("verifier_key")).build(e);
    }
    if (!verifier.encode().equals(key) || !key.startsWith(spec.origin() + "+")) {
      throw f.bad("verifier_key", "the checkpoint key must be named after the run", spec.origin() + "+...", key);
    }
    f.refuseUnknown();
    return new LogHead(size, root, checkpoint, key);
  }

  private static List<FileEntry> readFiles(JsonFields f) throws CoreException {
    List<JsonValue> elements = f.array("files", MAX_FILES);
    List<FileEntry> files = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      JsonFields e = JsonFields.of(elements.get(i), f.elementPath("files", i));
      RelativePath path = RelativePath.parse(e.string("path", RelativePath.MAX_LENGTH), e.field("path"));
      if (i > 0 && files.get(i - 1).path().value().compareTo(path.value()) >= 0) {
        throw e.bad("path", "files must be sorted by path, each once", "after " + files.get(i - 1).path(), path);
      }
      files.add(new FileEntry(path, e.integer("size", 0, JsonNumber.MAX_SAFE_INTEGER), e.digest("sha256")));
      e.refuseUnknown();
    }
    return files;
  }

  private static Torrent readTorrent(JsonFields f) throws CoreException {
    String infoHash = f.string("info_hash", 40);
    if (!isInfoHash(infoHash)) {
      throw f.bad("info_hash", "not a BitTorrent v1 info-hash", "40 lower-case hex digits", infoHash);
    }
    String magnet = f.string("magnet", 4096);
    if (!magnet.startsWith("magnet:?")) {
      throw f.bad("magnet", "not a magnet link", "magnet:?...", magnet);
    }
    f.refuseUnknown();
    return new Torrent(infoHash, magnet);
  }

  private static boolean isInfoHash(String s) {
    if (s.length() != 40) return false;
    for (int i = 0; i < 40; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }
}
