package dev.zkautograd.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every file under one folder of a class path, from a directory (a module's {@code target/classes}
 * in a reactor build) or from a jar, merged over all class-path entries that have the folder.
 */
final class ClasspathFolder {
  /** Largest file taken; the assets are a few MB at most. */
  private static final int MAX_FILE_BYTES = 64 << 20;

  private ClasspathFolder() {}

  static Map<String, byte[]> read(ClassLoader loader, String folder) throws IOException {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    Map<String, byte[]> files = new TreeMap<>();
    Enumeration<URL> roots = loader.getResources(prefix);
    while (roots.hasMoreElements()) {
      URL url = roots.nextElement();
      if (url.getProtocol().equals("file")) {
        fromDirectory(toPath(url), files);
      } else if (url.getProtocol().equals("jar")) {
        fromJar(url, prefix, files);
      } else {
        throw new IOException("class-path folder " + prefix + " is in an unsupported location: " + url);
      }
    }
    return files;
  }

  private static Path toPath(URL url) throws IOException {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("not a file URL: " + url, e);
    }
  }

  private static void fromDirectory(Path dir, Map<String, byte[]> files) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).sorted().forEach(p -> {
        try {
          files.putIfAbsent(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void fromJar(URL url, String prefix, Map<String, byte[]> files) throws IOException {
    JarURLConnection c = (JarURLConnection) url.openConnection();
    c.setUseCaches(false);
    try (JarFile jar = c.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().startsWith(prefix) || e.getName().contains("..")) continue;
        if (e.getSize() > MAX_FILE_BYTES) throw new IOException("class-path file too large: " + e.getName());
        try (InputStream in = jar.getInputStream(e)) {
          files.putIfAbsent(e.getName().substring(prefix.length()), in.readNBytes(MAX_FILE_BYTES));
        }
      }
    }
  }
}
