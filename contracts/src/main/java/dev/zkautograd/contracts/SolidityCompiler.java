package dev.zkautograd.contracts;

import dev.zkautograd.core.CoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles Solidity sources with the solc of {@code contracts/node_modules} (solcjs 0.8.37 from the npm
 * registry, installed by {@code scripts/setup/40-npm-contracts.sh}) through {@code contracts/compile.mjs},
 * with the settings of the committed contracts: never a compiler download.
 */
public final class SolidityCompiler {
  private final Path contracts;

  /** The compiler of the checkout at {@code home}. */
  public SolidityCompiler(Path home) {
    this.contracts = home.resolve("contracts");
  }

  /** A compiled contract: creation bytecode (hex, no 0x) and the deployed size the compiler reported. */
  public record Compiled(String name, String bytecode, String output) {}

  /**
   * Compiles the sources in {@code sourceDir} (beside the project's own, for the interfaces they
   * import) into {@code outDir} and returns contract {@code name}.
   *
   * @throws CoreException IO when node or solc is missing, or the compiler reports errors
   */
  public Compiled compile(Path sourceDir, Path outDir, String name) throws CoreException {
    Path solc = contracts.resolve("node_modules").resolve("solc");
    if (!Files.isDirectory(solc)) {
      throw CoreException.of(CoreException.Reason.IO, "solc is not installed: no " + solc
          + " (install it with: bash -c 'source scripts/setup/40-npm-contracts.sh')").build();
    }
    try {
      Files.createDirectories(outDir);
      Process p = new ProcessBuilder(List.of("node", "compile.mjs", "--src", sourceDir.toAbsolutePath().toString(), "--out",
          outDir.toAbsolutePath().toString())).directory(contracts.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw CoreException.of(CoreException.Reason.IO, "solc failed on " + sourceDir + ":\n" + out).build();
      }
      Path bin = outDir.resolve(name + ".bin");
      if (!Files.isRegularFile(bin)) {
        throw CoreException.of(CoreException.Reason.IO, "solc produced no contract " + name + " from " + sourceDir + ":\n" + out).build();
      }
      return new Compiled(name, Files.readString(bin).strip(), out);
    } catch (IOException e) {
      throw CoreException.of(CoreException.Reason.IO, "cannot run node compile.mjs in " + contracts + ": " + e.getMessage()).build(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CoreException.of(CoreException.Reason.IO, "interrupted while compiling " + sourceDir).build(e);
    }
  }
}
