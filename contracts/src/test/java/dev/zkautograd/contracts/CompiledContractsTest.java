package dev.zkautograd.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkautograd.core.local.LocalService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ABI and bytecode the build generates the bindings from are what solc 0.8.37 (solcjs from
 * node_modules, installed by scripts/setup/40-npm-contracts.sh) makes of the Solidity sources today,
 * and no deployed contract exceeds the 24,576-byte limit (compile.mjs fails the check otherwise).
 */
class CompiledContractsTest {
  @Test
  void committed_abi_and_bytecode_match_a_fresh_compilation() throws Exception {
    Path contracts = LocalService.home().resolve("contracts");
    Process p = new ProcessBuilder("node", "compile.mjs", "--check").directory(contracts.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    System.out.print(out);
    assertEquals(0, p.exitValue(), out);
    for (String line : out.split("\n")) {
      if (line.contains("bytes deployed")) assertEquals(false, line.contains("OVER"), line);
    }
  }
}
