package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A run held in memory, as the browser verifier holds the files it fetched. */
final class MemoryRunFiles implements RunFiles {
  final Map<String, byte[]> files;

  MemoryRunFiles(Map<String, byte[]> files) {
    this.files = new TreeMap<>(files);
  }

  static MemoryRunFiles load(Path dir) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
    }
    return new MemoryRunFiles(m);
  }

  MemoryRunFiles with(String path, byte[] bytes) {
    MemoryRunFiles copy = new MemoryRunFiles(files);
    copy.files.put(path, bytes);
    return copy;
  }

  private byte[] get(String path) throws CoreException {
    byte[] b = files.get(path);
    if (b == null) throw CoreException.of(Reason.IO, "no such file").file(path).build();
    return b;
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path);
  }

  @Override
  public byte[] read(String path, long maxBytes) throws CoreException {
    byte[] b = get(path);
    if (b.length > maxBytes) throw CoreException.of(Reason.TOO_LARGE, "file too large").file(path).build();
    return b.clone();
  }

  @Override
  public long size(String path) throws CoreException {
    return get(path).length;
  }

  @Override
  public Digest sha256(String path) throws CoreException {
    return Digest.sha256(get(path));
  }

  @Override
  public List<String> list() {
    return new ArrayList<>(files.keySet());
  }
}
