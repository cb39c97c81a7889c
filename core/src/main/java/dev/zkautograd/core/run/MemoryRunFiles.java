package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run held in memory. Either {@linkplain #whole whole} (every file of the run, as a folder on disk
 * would give them), or {@linkplain #partial partial}: the files a browser fetched, filled in one by
 * one with {@link #put} and {@link #absent}; the audit then checks the listed files this view
 * {@linkplain #covers covers} and says how many it left out ({@link RunFiles#isWhole()}).
 */
public final class MemoryRunFiles implements RunFiles {
  private final TreeMap<String, byte[]> files;
  /** The paths a partial view asked for (found or absent); null for a whole run. */
  private final Set<String> asked;

  private MemoryRunFiles(Map<String, byte[]> files, Set<String> asked) {
    this.files = new TreeMap<>();
    files.forEach((p, b) -> this.files.put(p, b.clone()));
    this.asked = asked;
  }

  /** Every file of a run, by relative path. */
  public static MemoryRunFiles whole(Map<String, byte[]> files) {
    return new MemoryRunFiles(files, null);
  }

  /** No file yet: a partial view that {@link #put} and {@link #absent} fill. */
  public static MemoryRunFiles partial() {
    return new MemoryRunFiles(Map.of(), new HashSet<>());
  }

  /** A copy with the file at {@code path} replaced by (or set to) {@code bytes}. */
  public MemoryRunFiles with(String path, byte[] bytes) {
    MemoryRunFiles copy = new MemoryRunFiles(files, asked == null ? null : new HashSet<>(asked));
    copy.put(path, bytes);
    return copy;
  }

  /** Sets the file at {@code path} (for a partial view: fetched). */
  public void put(String path, byte[] bytes) {
    files.put(path, bytes.clone());
    if (asked != null) asked.add(path);
  }

  /** For a partial view: {@code path} was asked for and the server had no such file. */
  public void absent(String path) {
    files.remove(path);
    if (asked != null) asked.add(path);
  }

  /** The paths of the files held, sorted. */
  public Set<String> paths() {
    return Collections.unmodifiableSet(files.keySet());
  }

  /** A copy of the file at {@code path}, or null. */
  public byte[] bytes(String path) {
    byte[] b = files.get(path);
    return b == null ? null : b.clone();
  }

  private byte[] get(String path) throws CoreException {
    byte[] b = files.get(path);
    if (b == null) {
      throw CoreException.of(Reason.IO, asked == null || asked.contains(path) ? "no such file" : "the page did not fetch this file")
          .file(path).build();
    }
    return b;
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path);
  }

  @Override
  public byte[] read(String path, long maxBytes) throws CoreException {
    byte[] b = get(path);
    if (b.length > maxBytes) {
      throw CoreException.of(Reason.TOO_LARGE, "file too large").file(path).expected("at most " + maxBytes + " bytes")
          .actual(b.length + " bytes").build();
    }
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

  /** The files held: for a partial view, only those fetched (a page cannot list a folder). */
  @Override
  public List<String> list() {
    return new ArrayList<>(files.keySet());
  }

  @Override
  public boolean isWhole() {
    return asked == null;
  }

  @Override
  public boolean covers(String path) {
    return asked == null || asked.contains(path);
  }
}
