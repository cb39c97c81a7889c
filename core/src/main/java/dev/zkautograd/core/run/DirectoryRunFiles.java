package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A run directory on disk, read through {@link RunFiles} (JVM only; the browser brings its own). */
public final class DirectoryRunFiles implements RunFiles {
  private final Path dir;

  public DirectoryRunFiles(Path dir) {
    this.dir = dir;
  }

  /** The folder read. */
  public Path dir() {
    return dir;
  }

  @Override
  public boolean exists(String path) {
    return Files.isRegularFile(dir.resolve(path));
  }

  @Override
  public byte[] read(String path, long maxBytes) throws CoreException {
    return DurableFiles.read(dir.resolve(path), path, maxBytes);
  }

  @Override
  public long size(String path) throws CoreException {
    try {
      return Files.size(dir.resolve(path));
    } catch (IOException e) {
      throw DurableFiles.io("cannot read", path, e);
    }
  }

  @Override
  public Digest sha256(String path) throws CoreException {
    return DurableFiles.sha256(dir.resolve(path), path);
  }

  @Override
  public List<String> list() throws CoreException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace(dir.getFileSystem().getSeparator(), "/"))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw DurableFiles.io("cannot list the run directory", dir.toString(),
          e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause());
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
