package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.local.LocalService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evm-verifier}: writes the contract the committed one is, prints bits and gas; bad or weak parameters exit 2 naming the file. */
class EvmVerifierCommandTest {
  @TempDir Path dir;

  record Ran(int exit, String out, String err) {}

  static Ran run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Ran(exit, out.toString(), err.toString());
  }

  @Test
  void generates_the_committed_verifier_and_prints_its_gas() throws Exception {
    Path home = LocalService.home();
    Ran r = run("evm-verifier", "--params", home.resolve("contracts/params/golden-sgd-64.json").toString(), "--out", dir.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(home.resolve("contracts/generated/SgdStepVerifier64x1.sol")),
        Files.readString(dir.resolve("SgdStepVerifier64x1.sol")));
    assertTrue(r.out().contains("104.67 proven bits"), r.out());
    assertTrue(r.out().contains("estimated per verifyStep call, without a node: proof"), r.out());
  }

  @Test
  void weak_and_malformed_parameter_files_are_unusable_input() throws Exception {
    Path home = LocalService.home();
    String golden = Files.readString(home.resolve("contracts/params/golden-sgd-64.json"));
    Path weak = dir.resolve("weak.json");
    Files.writeString(weak, golden.replace("\"queries\": 110", "\"queries\": 40"));
    Ran r = run("evm-verifier", "--params", weak.toString(), "--out", dir.toString());
    assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.out());
    assertTrue(r.err().contains("below the policy's 100") && r.err().contains("weak.json"), r.err());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, golden.replace("\"chunks\": 1", "\"chunks\": 3"));
    r = run("evm-verifier", "--params", bad.toString(), "--out", dir.toString());
    assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.out());
    assertTrue(r.err().contains("bad.json") && r.err().contains("chunks"), r.err());
  }
}
