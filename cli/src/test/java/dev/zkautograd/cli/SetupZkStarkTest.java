package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.contracts.evm.EvmVerifierParams;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zk-setup-zk --backend stark} and {@code demo --proof-params} (docs/evm-verifier.md, "The
 * parameters file"): the file written is the committed vector, proves at least --min-bits, is what
 * {@code evm-verifier --params} reads, and the demo proves with exactly its parameters (a set the
 * default prover would not choose, found in every proof), in this process or in the prover service it
 * starts, and verifies. A file of another statement,
 * a malformed or a weak file is refused before anything is trained, naming the file and the field
 * (exit 2); each backend refuses the other's options.
 */
class SetupZkStarkTest {
  static final Path HOME = LocalService.home();

  @TempDir Path dir;

  @Test
  void writes_the_proven_parameters_of_the_chunk_shape_and_evm_verifier_reads_the_file() throws Exception {
    Path file = dir.resolve("prover/stark-params.json");
    Cli setup = Cli.withProofs("zk-setup-zk", "--backend", "stark", "--optimizer", "sgd", "--params", "64", "--min-bits", "100",
        "--out", file.toString());
    assertEquals(0, setup.exit(), setup::toString);
    EvmVerifierParams p = EvmVerifierParams.read(file);
    assertEquals(64, p.parameters());
    assertEquals(1, p.chunks());
    assertEquals("sgd", p.optimizer().kind());
    assertTrue(p.provenBits() >= 100, "proves " + p.provenBits());
    assertEquals(EvmVerifierParams.proven(p.optimizer(), 64, 1, 100), p, "the default prover's choice");
    assertTrue(setup.out().contains("CHUNK LENGTH  CHUNKS  TRACE ROWS  LIMB BITS  BLOW-UP  QUERIES  GRINDING  FOLDING  PROVEN BITS"),
        setup::toString);
    assertTrue(setup.out().contains(String.format("%.2f", p.provenBits())), setup::toString);
    assertTrue(setup.out().contains("--proof-params " + file), setup::toString);

    Cli evm = Cli.withProofs("evm-verifier", "--params", file.toString(), "--out", dir.resolve("sol").toString());
    assertEquals(0, evm.exit(), evm::toString);
    assertTrue(evm.out().contains(String.format("%.2f proven bits (policy 100)", p.provenBits())), evm::toString);
    assertTrue(Files.exists(dir.resolve("sol/SgdStepVerifier64x1.sol")), evm::toString);
  }

  @Test
  void the_adam_file_is_the_committed_vector_byte_for_byte() throws Exception {
    Path file = dir.resolve("adam.json");
    Cli setup = Cli.withProofs("setup-zk", "--backend", "stark", "--optimizer", "adam", "--params", "64", "--chunks", "2",
        "--out", file.toString());
    assertEquals(0, setup.exit(), setup::toString);
    assertEquals(Files.readString(HOME.resolve("contracts/params/stark-adam-64x2.json")), Files.readString(file),
        "regenerate: zk-autograd setup-zk --backend stark --optimizer adam --params 64 --chunks 2 --out contracts/params/stark-adam-64x2.json");
    // The on-chain generator does not translate Adam yet: it says so rather than failing obscurely.
    Cli evm = Cli.withProofs("evm-verifier", "--params", file.toString(), "--out", dir.resolve("sol").toString());
    assertEquals(Main.EXIT_BAD_INPUT, evm.exit(), evm::toString);
    assertTrue(evm.err().contains("SGD step AIR only"), evm::toString);
  }

  @Test
  void the_demo_proves_with_exactly_the_files_parameters_and_verifies() throws Exception {
    EvmVerifierParams made = EvmVerifierParams.read(HOME.resolve("contracts/params/stark-adam-64x2.json"));
    // More queries than the default prover picks: the proofs can only carry these if the file was used.
    ProofParameters set = made.proof().toBuilder().queries(made.proof().queries() + 12).build();
    Path file = Files.writeString(dir.resolve("more-queries.json"),
        new EvmVerifierParams(made.optimizer(), 64, 2, set).toText());
    Path out = dir.resolve("artifacts");
    Cli demo = Cli.withProofs("demo", "--params", "64", "--steps", "2", "--chunks", "2", "--proof-params", file.toString(),
        "--out", out.toString());
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("PASSED"), demo::toString);
    assertTrue(demo.out().contains("proof parameters from " + file + ": " + set + ", "), demo::toString);
    Path run = onlyRun(out);
    for (String proof : List.of("step_00000/chunk_000", "step_00000/chunk_001", "step_00001/chunk_000", "step_00001/chunk_001")) {
      assertEquals(set, ProofCodec.decode(Files.readAllBytes(run.resolve("proofs/" + proof + ".proof"))).params(), proof);
    }
    // The prover service the demo starts proves with the file's parameters too.
    Path served = dir.resolve("served");
    Cli service = Cli.withProofs("demo", "--prover", "service", "--params", "64", "--steps", "1", "--chunks", "2", "--proof-params",
        file.toString(), "--out", served.toString());
    assertEquals(0, service.exit(), service::toString);
    assertTrue(service.out().contains("STARK proofs by the prover service at 127.0.0.1:"), service::toString);
    Path servedRun = onlyRun(served);
    for (String proof : List.of("step_00000/chunk_000", "step_00000/chunk_001")) {
      assertEquals(set, ProofCodec.decode(Files.readAllBytes(servedRun.resolve("proofs/" + proof + ".proof"))).params(), proof);
    }
  }

  @Test
  void a_file_of_another_statement_is_refused_naming_the_file_and_the_field() throws Exception {
    Path file = dir.resolve("sgd-64.json");
    assertEquals(0, Cli.withProofs("setup-zk", "--backend", "stark", "--optimizer", "sgd", "--params", "64", "--out", file.toString()).exit());
    String[][] cases = {
        {"field optimizer.kind", "--optimizer", "adam", "--params", "64", "--chunks", "1"},
        {"field optimizer.lr", "--optimizer", "sgd", "--lr", "0.01", "--params", "64", "--chunks", "1"},
        {"field optimizer.clip", "--optimizer", "sgd", "--clip", "0.5", "--params", "64", "--chunks", "1"},
        {"field parameters", "--optimizer", "sgd", "--params", "32", "--chunks", "1"},
        {"field chunks", "--optimizer", "sgd", "--params", "64", "--chunks", "2"}};
    Path out = dir.resolve("artifacts");
    for (String[] c : cases) {
      String[] args = Stream.concat(Stream.of("demo", "--steps", "1", "--proof-params", file.toString(), "--out", out.toString()),
          Stream.of(c).skip(1)).toArray(String[]::new);
      Cli demo = Cli.withProofs(args);
      assertEquals(Main.EXIT_BAD_INPUT, demo.exit(), c[0] + ": " + demo);
      assertTrue(demo.err().contains("file " + file) && demo.err().contains(c[0]), c[0] + ": " + demo);
      assertTrue(demo.err().contains("the run's statement is not the one the parameters file is for"), demo::toString);
    }
    assertFalse(Files.exists(out), "nothing is written for a refused run");
  }

  @Test
  void a_malformed_or_weak_file_is_refused_naming_the_file_and_the_field() throws Exception {
    String good = Files.readString(HOME.resolve("contracts/params/stark-adam-64x2.json"));
    String[][] cases = {
        {"\"queries\": 128", "\"queries\": \"many\"", "field proof.queries"},
        {"\"parameters\": 64", "\"parameters\": -64", "field parameters"},
        {"evm-verifier-params/v1", "evm-verifier-params/v9", "field format"},
        {"\"queries\": 128", "\"queries\": 24", "field proof"}};
    for (String[] c : cases) {
      Path file = Files.writeString(dir.resolve("bad.json"), good.replace(c[0], c[1]));
      Cli demo = Cli.withProofs("demo", "--params", "64", "--steps", "1", "--chunks", "2", "--proof-params", file.toString(),
          "--out", dir.resolve("artifacts").toString());
      assertEquals(Main.EXIT_BAD_INPUT, demo.exit(), c[1] + ": " + demo);
      assertTrue(demo.err().contains("file " + file) && demo.err().contains(c[2]), c[1] + ": " + demo);
    }
    Cli missing = Cli.withProofs("demo", "--params", "64", "--proof-params", dir.resolve("none.json").toString(), "--out", dir.toString());
    assertEquals(Main.EXIT_BAD_INPUT, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("none.json"), missing::toString);
  }

  @Test
  void uneven_chunks_and_the_other_backends_options_are_refused() {
    Cli uneven = Cli.withProofs("setup-zk", "--backend", "stark", "--params", "64", "--chunks", "3", "--out", dir.resolve("p.json").toString());
    assertEquals(Main.EXIT_BAD_INPUT, uneven.exit(), uneven::toString);
    assertTrue(uneven.err().contains("--chunks 3 does not divide 64 parameters") && uneven.err().contains("use --chunks 2 or 4"),
        uneven::toString);
    Cli ezklOption = Cli.withProofs("setup-zk", "--backend", "stark", "--dim", "16", "--out", dir.resolve("p.json").toString());
    assertEquals(Main.EXIT_BAD_INPUT, ezklOption.exit(), ezklOption::toString);
    assertTrue(ezklOption.err().contains("--dim belongs to --backend ezkl, not to --backend stark"), ezklOption::toString);
    Cli starkOption = Cli.withProofs("setup-zk", "--params", "64", "--out", dir.resolve("keys").toString());
    assertEquals(Main.EXIT_BAD_INPUT, starkOption.exit(), starkOption::toString);
    assertTrue(starkOption.err().contains("--params belongs to --backend stark, not to --backend ezkl"), starkOption::toString);
    Cli withEzkl = Cli.withProofs("demo", "--backend", "ezkl", "--proof-params", dir.resolve("p.json").toString(), "--out", dir.toString());
    assertEquals(Main.EXIT_BAD_INPUT, withEzkl.exit(), withEzkl::toString);
    assertTrue(withEzkl.err().contains("--proof-params sets the parameters of the STARK provers"), withEzkl::toString);
    assertFalse(Files.exists(dir.resolve("p.json")));
  }

  private static Path onlyRun(Path out) throws Exception {
    try (Stream<Path> runs = Files.list(out)) {
      List<Path> found = runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
      assertEquals(1, found.size(), found::toString);
      return found.get(0);
    }
  }
}
