package dev.zkautograd.generator.companion;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonNull;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.generator.SiteLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The runs under the service's runs folder, by run id, as their manifests state them. A manifest is
 * parsed once and again only when its file changes, so listing runs costs a directory scan. What a
 * summary says is the run's claim; {@code /verify} checks it.
 */
final class RunCatalog {
  private final Path runs;
  private final Map<Path, Entry> byDir = new ConcurrentHashMap<>();

  /** A parsed manifest and the file state it was parsed from. */
  record Entry(Path dir, long modified, long size, RunManifest manifest) {}

  RunCatalog(Path runs) {
    this.runs = runs;
  }

  /** Every run that reads, by folder name; folders whose manifest does not parse are left out. */
  List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (Files.exists(runs.resolve(RunLayout.MANIFEST))) {
      Entry e = entry(runs);
      if (e != null) out.add(e);
      return out;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(runs)) {
      dirs = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path d : dirs) {
      Entry e = entry(d);
      if (e != null) out.add(e);
    }
    byDir.keySet().retainAll(dirs);
    return out;
  }

  /** The run with id {@code id}, or null. */
  Entry find(String id) throws IOException {
    Path likely = runs.resolve(id);
    if (Files.isDirectory(likely)) {
      Entry e = entry(likely);
      if (e != null && e.manifest().spec().runId().equals(id)) return e;
    }
    for (Entry e : list()) {
      if (e.manifest().spec().runId().equals(id)) return e;
    }
    return null;
  }

  private Entry entry(Path dir) throws IOException {
    Path file = dir.resolve(RunLayout.MANIFEST);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
    Entry cached = byDir.get(dir);
    if (cached != null && cached.modified() == a.lastModifiedTime().toMillis() && cached.size() == a.size()) return cached;
    try {
      if (a.size() > RunManifest.MAX_BYTES) return null;
      RunManifest m = SignedManifest.parse(Files.readAllBytes(file)).manifest();
      Entry e = new Entry(dir, a.lastModifiedTime().toMillis(), a.size(), m);
      byDir.put(dir, e);
      return e;
    } catch (CoreException e) {
      byDir.remove(dir);
      return null;
    }
  }

  /** What {@code /api/runs} lists for a run. */
  static JsonObject summary(Entry e) {
    RunManifest m = e.manifest();
    String id = m.spec().runId();
    JsonObject.Builder model = JsonObject.builder();
    for (Map.Entry<String, String> kv : m.spec().model().entrySet()) model.put(kv.getKey(), kv.getValue());
    JsonValue torrent = m.torrent() == null ? JsonNull.NULL
        : JsonObject.builder().put("info_hash", m.torrent().infoHash()).put("magnet", m.torrent().magnet()).build();
    return JsonObject.builder()
        .put("id", id)
        .put("status", m.status().wire())
        .put("created", m.spec().created().value())
        .put("steps", m.steps())
        .put("backend", m.spec().backend().wire())
        .put("optimizer", m.spec().optimizer().toJson())
        .put("params", m.spec().params())
        .put("chunks", m.spec().chunks())
        .put("model", model.build())
        .put("log", JsonObject.builder().put("size", m.log().size()).put("root", m.log().root().hex())
            .put("verifier_key", m.log().verifierKey()).build())
        .put("torrent", torrent)
        .put("links", JsonObject.builder()
            .put("self", "/api/runs/" + id)
            .put("verify", "/api/runs/" + id + "/verify")
            .put("page", "/" + SiteLayout.runPage(id))
            .put("files", "/" + SiteLayout.filesDir(id))
            .build())
        .build();
  }
}
