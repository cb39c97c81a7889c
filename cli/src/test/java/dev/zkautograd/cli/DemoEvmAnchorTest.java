package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.contracts.LocalEvmNode;
import dev.zkautograd.core.local.LocalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --anchor evm}: the demo deploys a verifier generated for its rule and a RunAnchor, trains a
 * small SGD run with real proofs at the on-chain parameters, anchors its root on chain (register, commit,
 * the challenged chunk proven in a later block) and verifies it, re-checking the receipt over JSON-RPC.
 * On a Hardhat node it starts and stops itself, and on one the test runs (given as the endpoint, with a
 * key file), where verify then finds the receipt anchored, finds an edited one a mismatch (exit 1), and
 * the node gone "not reachable". The demo's default rule (Adam) and a chunk too large for a transaction
 * are refused before training, naming the options that work.
 */
class DemoEvmAnchorTest {
  static Path run(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
    }
  }

  static String recheckRow(Cli c) {
    return c.out().lines().filter(l -> l.contains("anchors.recheck")).findFirst().orElse("(no anchors.recheck row)\n" + c);
  }

  @Test
  void the_demo_starts_a_node_anchors_the_run_on_chain_and_stops_the_node(@TempDir Path out) throws Exception {
    // The demo's default lr and clip: a verifier the repository does not hold, generated and compiled by solc here.
    Cli demo = Cli.withProofs("demo", "--anchor", "evm", "--optimizer", "sgd", "--params", "64", "--chunks", "1", "--steps", "2",
        "--out", out.toString());
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("starting a Hardhat node on 127.0.0.1"), demo::toString);
    assertTrue(demo.out().contains("root anchored in RunAnchor 0x"), demo::toString);
    assertTrue(recheckRow(demo).contains("PASS    evm: anchored: #1 (tree size 2"), demo::toString);
    assertTrue(demo.out().contains("PASSED"), demo::toString);

    String rpc = demo.out().lines().filter(l -> l.startsWith("root anchored in RunAnchor")).findFirst().orElseThrow().replaceFirst(".* at ", "");
    Cli gone = Cli.run("verify", "--run", run(out).toString(), "--evm-rpc", rpc);
    assertEquals(0, gone.exit(), gone::toString);
    assertTrue(recheckRow(gone).contains("SKIP    evm: not reachable: "), gone::toString);
    Cli noRpc = Cli.run("verify", "--run", run(out).toString());
    assertTrue(recheckRow(noRpc).contains("SKIP    evm: not reachable: an evm receipt names a chain, not a node"), noRpc::toString);
  }

  @Test
  void on_a_given_node_verify_finds_the_receipt_anchored_an_edited_one_a_mismatch_and_a_stopped_node_unreachable(@TempDir Path out)
      throws Exception {
    Path key = out.resolve("prover.key");
    Files.writeString(key, LocalEvmNode.devAccount(1).getEcKeyPair().getPrivateKey().toString(16));
    Path run;
    String rpc;
    try (LocalEvmNode node = LocalEvmNode.start(LocalService.home())) {
      rpc = node.rpcUrl();
      // lr 1e-5 and clip 1.0 in Q32 are the committed SgdStepVerifier64x1's rule: its committed bytecode is deployed.
      Cli demo = Cli.withProofs("demo", "--anchor", "evm", "--anchor-endpoint", rpc, "--evm-key", key.toString(), "--optimizer", "sgd",
          "--lr", "0.00001", "--clip", "1.0", "--params", "64", "--chunks", "1", "--steps", "3", "--out", out.resolve("runs").toString());
      assertEquals(0, demo.exit(), demo::toString);
      assertTrue(recheckRow(demo).contains("PASS    evm: anchored: #1 (tree size 3"), demo::toString);
      run = run(out.resolve("runs"));
      Cli ok = Cli.run("verify", "--run", run.toString(), "--evm-rpc", rpc);
      assertEquals(0, ok.exit(), ok::toString);
      assertTrue(recheckRow(ok).contains("PASS    evm: anchored: #1 (tree size 3"), ok::toString);

      Cli pinnedElsewhere = Cli.run("verify", "--run", run.toString(), "--evm-rpc", rpc, "--evm-contract", "0x" + "00".repeat(19) + "01");
      assertEquals(1, pinnedElsewhere.exit(), pinnedElsewhere::toString);
      assertTrue(recheckRow(pinnedElsewhere).contains("FAIL    mismatch: the receipt names another RunAnchor than the one pinned"),
          pinnedElsewhere::toString);
      Cli badPin = Cli.run("verify", "--run", run.toString(), "--evm-contract", "RunAnchor");
      assertEquals(2, badPin.exit(), badPin::toString);

      Path anchors = run.resolve("anchors.json");
      String original = Files.readString(anchors);
      String edited = original.replaceFirst("\"prove_block\":(\\d+)", "\"prove_block\":1$1");
      assertTrue(!edited.equals(original));
      Files.writeString(anchors, edited);
      Cli mismatch = Cli.run("verify", "--run", run.toString(), "--evm-rpc", rpc);
      assertEquals(1, mismatch.exit(), mismatch::toString);
      assertTrue(recheckRow(mismatch).contains("FAIL    mismatch: anchors.json's last evm receipt is not the one the anchor holds"),
          mismatch::toString);
      Files.writeString(anchors, original);
    }
    Cli down = Cli.run("verify", "--run", run.toString(), "--evm-rpc", rpc);
    assertEquals(0, down.exit(), down::toString);
    assertTrue(recheckRow(down).contains("SKIP    evm: not reachable: "), down::toString);
  }

  @Test
  void the_default_rule_and_a_chunk_too_large_for_one_transaction_are_refused_before_training(@TempDir Path out) {
    Cli adam = Cli.run("demo", "--anchor", "evm", "--out", out.toString());
    assertEquals(2, adam.exit(), adam::toString);
    assertTrue(adam.err().contains("--anchor evm: ") && adam.err().contains("--optimizer sgd --params 64 --chunks 1"), adam::toString);
    Cli large = Cli.run("demo", "--anchor", "evm", "--optimizer", "sgd", "--params", "4096", "--chunks", "2", "--out", out.toString());
    assertEquals(2, large.exit(), large::toString);
    assertTrue(large.err().contains("--anchor evm: "), large::toString);
    try (Stream<Path> s = Files.list(out)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("run-")), "nothing trained");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
