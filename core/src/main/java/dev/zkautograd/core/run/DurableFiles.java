package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The file operations the run's crash-safety rests on (JVM only; the browser never writes runs):
 * replace a file by write-temp, fsync, atomic rename and fsync of the folder, so that after a crash
 * a file holds either its old or its new bytes, never a mix. Public for the trainer's private files
 * (the demo's saved model states), which need the same guarantee.
 */
public final class DurableFiles {
  private static final String TEMP_PREFIX = ".";
  private static final String TEMP_SUFFIX = ".tmp";

  private DurableFiles() {}

  /** Replaces {@code target} atomically and durably; {@code beforeRename} (may be null) marks the crash window. */
  public static void replace(Path target, byte[] bytes, Runnable beforeRename) throws IOException {
    Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(c, ByteBuffer.wrap(bytes));
      c.force(true);
    }
    if (beforeRename != null) beforeRename.run();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.getParent());
  }

  /** Whether {@code p} is a temporary file left by {@link #replace}. */
  static boolean isTemp(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith(TEMP_PREFIX) && n.endsWith(TEMP_SUFFIX) && n.length() > TEMP_PREFIX.length() + TEMP_SUFFIX.length();
  }

  /** Creates {@code dir} and missing parents, making each new folder entry durable. */
  public static void createDirectories(Path dir) throws IOException {
    // Absolute, so that a relative folder whose first element is missing still has a parent to create it in.
    Path d = dir.toAbsolutePath();
    if (Files.isDirectory(d)) return;
    createDirectories(d.getParent());
    Files.createDirectory(d);
    fsyncDirectory(d.getParent());
  }

  /** Makes the folder's entries (created, renamed, removed files) durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    }
  }

  static void writeFully(FileChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) c.write(b);
  }

  /** Reads a whole file of at most {@code maxBytes}; {@code name} is its path in the run, for errors. */
  public static byte[] read(Path file, String name, long maxBytes) throws CoreException {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw CoreException.of(Reason.TOO_LARGE, "file too large").file(name).expected("at most " + maxBytes + " bytes")
            .actual(size + " bytes").build();
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw io("cannot read", name, e);
    }
  }

  /** SHA-256 of a file, streamed. */
  static Digest sha256(Path file, String name) throws CoreException {
    SHA256Digest d = new SHA256Digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
    } catch (IOException e) {
      throw io("cannot read", name, e);
    }
    byte[] out = new byte[Digest.LENGTH];
    d.doFinal(out, 0);
    return Digest.of(out);
  }

  public static CoreException io(String what, String name, IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return CoreException.of(Reason.IO, what + ": no such file").file(name).expected("a file at " + name).actual("no such file").build(e);
    }
    return CoreException.of(Reason.IO, what + ": " + e).file(name).build(e);
  }
}
