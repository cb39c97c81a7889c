package dev.zkautograd.trainer.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL runs offline from the natives that Maven brings (docs/trainer.md, "DJL offline"): the engine
 * is PyTorch 2.7.1, its libraries are the entries of the pytorch-native-cpu and pytorch-jni jars
 * unpacked into DJL's cache, and a fresh JVM with an empty cache, proxies that lead nowhere and
 * nothing set but the class path loads it; without the native jar it fails instead of downloading.
 */
class OfflinePyTorchTest {
  static final String NATIVE_JAR = "pytorch-native-cpu-2.7.1-linux-x86_64.jar";

  @Test
  void theEngineIsPyTorchFromTheMavenJarsUnpackedIntoTheCache() throws Exception {
    Engine engine = OfflinePyTorch.engine();
    assertEquals("PyTorch", engine.getEngineName());
    assertEquals("2.7.1", engine.getVersion());
    assertTrue(Utils.isOfflineMode());
    Path lib = Path.of(LibUtils.getLibtorchPath());
    assertTrue(lib.startsWith(Utils.getEngineCacheDir("pytorch")), lib + " is in DJL's cache");

    URL props = getClass().getResource("/native/lib/pytorch.properties");
    try (JarFile jar = ((JarURLConnection) props.openConnection()).getJarFile()) {
      assertTrue(jar.getName().endsWith(NATIVE_JAR), jar.getName());
      assertTrue(jar.getName().replace(File.separatorChar, '/').contains("/ai/djl/pytorch/pytorch-native-cpu/2.7.1/"),
          "from the Maven repository layout: " + jar.getName());
      for (String name : new String[] {"libtorch_cpu.so", "libc10.so", "libtorch.so"}) {
        assertEquals(jar.getEntry("pytorch/cpu/linux-x86_64/" + name).getSize(), Files.size(lib.resolve(name)),
            name + " is the jar's entry");
      }
    }
  }

  @Test
  void aFreshProcessWithAnEmptyCacheLoadsTheEngineFromTheJarsWithoutTheNetwork(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("djl-cache");
    Child c = child(cache, classPath());
    assertEquals(0, c.exit(), c.output());
    assertTrue(c.output().contains("engine PyTorch 2.7.1 offline true libtorch " + cache.resolve("pytorch")), c.output());
    assertTrue(c.output().contains("2+2=4.0"), c.output());
    try (Stream<Path> files = Files.walk(cache)) {
      List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      assertTrue(names.contains("libtorch_cpu.so") && names.stream().anyMatch(n -> n.endsWith("libdjl_torch.so")), names.toString());
    }
  }

  @Test
  void withoutTheNativeJarTheEngineFailsClearlyInsteadOfDownloading(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("djl-cache");
    List<String> cp = new ArrayList<>(classPath());
    assertTrue(cp.removeIf(e -> e.endsWith(NATIVE_JAR)), "the test class path has the native jar");
    Child c = child(cache, cp);
    assertEquals(2, c.exit(), c.output());
    assertTrue(c.output().contains("refused: cannot load DJL's PyTorch engine offline"), c.output());
    try (Stream<Path> files = Files.exists(cache) ? Files.walk(cache) : Stream.empty()) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")), "nothing was fetched");
    }
  }

  @Test
  void asettingThatWouldLetDjlGoOnlineIsRefused(@TempDir Path tmp) throws Exception {
    Child c = child(tmp.resolve("djl-cache"), classPath(), "-Dai.djl.offline=false");
    assertEquals(2, c.exit(), c.output());
    assertTrue(c.output().contains("refused: DJL is configured to go online"), c.output());
  }

  record Child(int exit, String output) {}

  /** A JVM running {@link OfflineEngineProbe} with its own cache and proxies that lead nowhere. */
  private static Child child(Path cache, List<String> classPath, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-DDJL_CACHE_DIR=" + cache, "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
        "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9", "-Djava.net.useSystemProxies=false"));
    cmd.addAll(Arrays.asList(extra));
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), OfflineEngineProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // Nothing from this environment may point DJL elsewhere: the child sees the class path only.
    for (String v : new String[] {"DJL_OFFLINE", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION",
        "PYTORCH_FLAVOR"}) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe did not finish");
    }
    return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static List<String> classPath() {
    // Surefire starts tests from a manifest-only jar and names the real class path here.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.asList(cp.split(File.pathSeparator));
  }
}
