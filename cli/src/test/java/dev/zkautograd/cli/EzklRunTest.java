package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonBoolean;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.StepDraft;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.companion.Companion;
import dev.zkautograd.generator.companion.CompanionConfig;
import dev.zkautograd.generator.companion.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.stream.Stream;
import dev.zkautograd.contracts.Deployer;
import dev.zkautograd.contracts.LocalEvmNode;
import dev.zkautograd.contracts.SolidityCompiler;
import dev.zkautograd.core.local.LocalService;
import java.math.BigInteger;
import java.util.HexFormat;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import dev.zkautograd.contracts.ChallengedChunk;
import dev.zkautograd.contracts.EvmAnchor;
import dev.zkautograd.contracts.RunAnchorDeployment;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.RunReader;
import dev.zkautograd.ezkl.EzklBackend;
import dev.zkautograd.ezkl.FixedPointGrid;
import dev.zkautograd.ezkl.KeyDirectory;
import dev.zkautograd.ezkl.StatementWords;
import dev.zkautograd.ezkl.StepScalars;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.backend.RecordedStepVerifier;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run proven with {@code --backend ezkl} end to end through the commands: keys from {@code
 * zk-setup-zk} (made once per build in the shared test-key folder), the demo's two chained Adam steps,
 * {@code verify --key-dir}, the refusals without keys, EZKL's Solidity verifier with a proof's
 * calldata, and the companion ({@code serve --key-dir}) over real HTTP on 127.0.0.1: the run's
 * verification, uploaded proofs and their forgeries (tampered bytes, other public inputs, a broken
 * chain). Needs the project's {@code .venv} (installed by scripts/test.sh); fails, not skips,
 * without it.
 */
class EzklRunTest {
  static Path keys;
  static Path runs;
  static Path run;

  @BeforeAll
  static void setUpAndTrain(@TempDir Path tmp) throws Exception {
    keys = Path.of(System.getProperty("zk.ezkl.test-keys", "target/ezkl-test-keys")).resolve("adam-16");
    if (!current(keys)) {
      Cli setup = Cli.withProofs("zk-setup-zk", "--circuit", "adam", "--dim", "16", "--out", keys.toString());
      assertEquals(0, setup.exit(), setup.toString());
      assertTrue(setup.out().contains("development SRS"), setup.toString());
    }
    runs = tmp;
    Cli demo = Cli.withProofs("demo", "--backend", "ezkl", "--key-dir", keys.toString(), "--params", "16", "--chunks", "1",
        "--steps", "2", "--out", runs.toString());
    assertEquals(0, demo.exit(), demo.toString());
    assertTrue(demo.out().contains("EZKL proofs"), demo.toString());
    try (Stream<Path> s = Files.list(runs)) {
      run = s.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
    }
  }

  /** Whether {@code dir} holds keys this build can prove with (a folder of an older graph version is made again). */
  static boolean current(Path dir) throws java.io.IOException {
    if (!Files.exists(dir.resolve("keys.json"))) return false;
    try {
      dev.zkautograd.ezkl.KeyDirectory.read(dir).checked(dev.zkautograd.ezkl.KeyDirectory.Use.PROVE);
      return true;
    } catch (dev.zkautograd.ezkl.EzklException stale) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      return false;
    }
  }

  /** A companion over {@code runsDir} with the serve command's EZKL wiring (the key folder), or the STARK only. */
  static Companion companion(Path runsDir, Path site, EzklProofs ezkl) throws Exception {
    new SiteGenerator().generate(runsDir, site, SiteOptions.builder().build());
    CompanionConfig.Builder c = CompanionConfig.builder(site, runsDir).port(0).rate(1000, 1000);
    if (ezkl != null) c.proofVerifiers(ezkl.byBackend());
    return Companion.start(c.build());
  }

  static String id(Path runDir) {
    return runDir.getFileName().toString();
  }

  /** The FAIL rows of a report or proof check as "check field: detail". */
  static List<String> failures(JsonObject report) {
    List<String> out = new ArrayList<>();
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject r = (JsonObject) v;
      if (r.get("result").equals(new JsonString("FAIL"))) {
        out.add(((JsonString) r.get("check")).value() + " " + r.get("field") + ": " + r.get("detail"));
      }
    }
    return out;
  }

  static JsonObject row(JsonObject report, String check) {
    for (JsonValue v : ((JsonArray) report.get("results")).elements()) {
      JsonObject r = (JsonObject) v;
      if (r.get("check").equals(new JsonString(check))) return r;
    }
    throw new AssertionError("no " + check + " row in " + report);
  }

  static StepRecord record(int step) throws Exception {
    return StepRecord.parse(Files.readAllLines(run.resolve("steps.jsonl")).get(step).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code r} re-sealed with its chunk naming {@code proof} and {@code edit} applied: a well-formed record stating other inputs. */
  static StepRecord resealed(StepRecord r, byte[] proof, java.util.function.UnaryOperator<StepDraft.Builder> edit) throws Exception {
    ChunkEntry c = r.chunks().get(0);
    ChunkEntry named = new ChunkEntry(c.index(), c.offset(), c.length(), c.stateIn(), c.stateOut(), c.proof(), Digest.sha256(proof));
    return StepRecord.seal(edit.apply(r.draft().toBuilder().chunks(List.of(named)).signature(null)).build(), r.prev());
  }

  static JsonObject upload(Http http, StepRecord r, byte[] proof, String runId) throws Exception {
    Map<String, Object> parts = Http.parts("record", new String(r.line(), StandardCharsets.UTF_8), "chunk", "0", "proof", proof);
    if (runId != null) parts.put("run", runId);
    Http.Answer a = http.multipart("api/verify", parts);
    assertEquals(200, a.status(), a.text());
    return a.json();
  }

  @Test
  void the_companion_with_the_key_folder_verifies_the_run_as_verify_does(@TempDir Path tmp) throws Exception {
    Cli cli = Cli.withProofs("verify", "--run", run.toString(), "--key-dir", keys.toString(), "--json");
    assertEquals(0, cli.exit(), cli.toString());
    JsonObject fromCli = (JsonObject) Json.parse(cli.out().getBytes(StandardCharsets.UTF_8));
    try (EzklProofs ezkl = EzklProofs.open(keys); Companion c = companion(runs, tmp.resolve("site"), ezkl)) {
      JsonObject fromApi = new Http(c.url()).get("api/runs/" + id(run) + "/verify").json();
      assertEquals(JsonBoolean.TRUE, fromApi.get("passed"), fromApi.toString());
      assertEquals(fromCli.get("counts"), fromApi.get("counts"));
      assertEquals(new JsonString("PASS"), row(fromApi, "proof.verify").get("result"));
      assertTrue(row(fromApi, "proof.verify").get("detail").toString().contains("2 proofs of all 2 steps verify"), fromApi.toString());
    }
    // Without keys the service cannot check EZKL proofs: it says so, and does not call them verified.
    try (Companion c = companion(runs, tmp.resolve("site-stark"), null)) {
      JsonObject r = row(new Http(c.url()).get("api/runs/" + id(run) + "/verify").json(), "proof.verify");
      assertEquals(new JsonString("SKIP"), r.get("result"), r.toString());
      assertTrue(r.get("detail").toString().contains("no proof system for backend ezkl"), r.toString());
    }
  }

  @Test
  void an_uploaded_ezkl_proof_verifies_and_its_forgeries_are_rejected_naming_why(@TempDir Path tmp) throws Exception {
    byte[] proof0 = Files.readAllBytes(run.resolve("proofs/step_00000.proof"));
    StepRecord r0 = record(0);
    try (EzklProofs ezkl = EzklProofs.open(keys); Companion c = companion(runs, tmp.resolve("site"), ezkl)) {
      Http http = new Http(c.url());
      for (String runId : new String[] {id(run), null}) {
        JsonObject ok = upload(http, r0, proof0, runId);
        assertEquals(JsonBoolean.TRUE, ok.get("passed"), ok.toString());
        assertEquals(new JsonString("PASS"), row(ok, "proof.verify").get("result"));
      }

      // Tampered bytes: a byte of the file flipped fails the record's digest; a byte of the Halo2 proof flipped, in a record
      // naming the tampered file, reaches EZKL's verifier, which rejects it.
      byte[] flipped = proof0.clone();
      flipped[flipped.length / 2] ^= 1;
      JsonObject digest = upload(http, r0, flipped, id(run));
      assertEquals(JsonBoolean.FALSE, digest.get("passed"));
      assertEquals(new JsonString("FAIL"), row(digest, "proof.digest").get("result"), digest.toString());
      byte[] tampered = tamperedHalo2Bytes(proof0);
      JsonObject halo2 = upload(http, resealed(r0, tampered, b -> b), tampered, null);
      assertEquals(JsonBoolean.FALSE, halo2.get("passed"));
      assertTrue(failures(halo2).toString().contains("CONSTRAINT_MISMATCH") && failures(halo2).toString().contains("EZKL's Halo2/KZG verifier rejects"),
          failures(halo2).toString());

      // Other public inputs: the record declares another learning rate, or files step 0's proof as step 1.
      OptimizerSpec.Adam a = (OptimizerSpec.Adam) r0.draft().optimizer();
      StepRecord otherLr = resealed(r0, proof0, b -> b.optimizer(new OptimizerSpec.Adam(32, a.lr() + (1L << 24), a.beta1(), a.beta2(), a.eps(), a.clip())));
      List<String> lr = failures(upload(http, otherLr, proof0, null));
      assertTrue(lr.toString().contains("PUBLIC_INPUT_MISMATCH") && lr.toString().contains("hash of lr"), lr.toString());
      StepRecord asStep1 = resealed(r0, proof0, b -> b.step(1));
      List<String> step = failures(upload(http, asStep1, proof0, null));
      assertTrue(step.toString().contains("PUBLIC_INPUT_MISMATCH") && step.toString().contains("bc1"), step.toString());
      // A re-sealed record is not the run's line: naming the run fails steps.records as well.
      List<String> notInLog = failures(upload(http, otherLr, proof0, id(run)));
      assertTrue(notInLog.toString().contains("steps.records"), notInLog.toString());
    }
  }

  @Test
  void a_run_with_a_broken_state_chain_is_rejected_by_the_companion(@TempDir Path tmp) throws Exception {
    // Step 0's proof replayed as step 1: its record is re-sealed on the honest chain, naming step 0's proof and roots.
    Path runs2 = tmp.resolve("runs");
    Path broken = runs2.resolve(id(run));
    copy(run, broken);
    byte[] proof0 = Files.readAllBytes(run.resolve("proofs/step_00000.proof"));
    StepRecord r0 = record(0);
    StepRecord r1 = record(1);
    ChunkEntry c0 = r0.chunks().get(0);
    ChunkEntry c1 = r1.chunks().get(0);
    StepRecord replay = StepRecord.seal(r1.draft().toBuilder().signature(null).chunks(List.of(new ChunkEntry(0, 0, c1.length(), c0.stateIn(),
        c0.stateOut(), c1.proof(), c0.proofSha256()))).build(), r1.prev());
    Files.write(broken.resolve(c1.proof().value()), proof0);
    Files.writeString(broken.resolve("steps.jsonl"), new String(r0.line(), StandardCharsets.UTF_8) + "\n"
        + new String(replay.line(), StandardCharsets.UTF_8) + "\n");
    try (EzklProofs ezkl = EzklProofs.open(keys); Companion c = companion(runs2, tmp.resolve("site"), ezkl)) {
      JsonObject report = new Http(c.url()).get("api/runs/" + id(run) + "/verify").json();
      assertEquals(JsonBoolean.FALSE, report.get("passed"));
      String failed = failures(report).toString();
      assertTrue(failed.contains("steps.state_chain") && failed.contains("chunk does not start from the state the previous step ended in"),
          failed);
      assertTrue(failed.contains("proof.verify") && failed.contains("hash of bc1"), "the replayed proof states step 0: " + failed);
    }
  }

  @Test
  void a_service_whose_keys_are_not_the_runs_fails_its_proofs_naming_the_file(@TempDir Path tmp) throws Exception {
    // A usable key folder, but with another compiled circuit than the one the run's manifest records.
    Path other = tmp.resolve("keys");
    copy(keys, other);
    Path compiled = other.resolve("compiled.ezkl");
    byte[] b = Files.readAllBytes(compiled);
    String was = Digest.sha256(b).hex();
    b[b.length - 1] ^= 1;
    Files.write(compiled, b);
    Files.writeString(other.resolve("keys.json"), Files.readString(other.resolve("keys.json")).replace(was, Digest.sha256(b).hex()));
    try (EzklProofs ezkl = EzklProofs.open(other); Companion c = companion(runs, tmp.resolve("site"), ezkl)) {
      JsonObject report = new Http(c.url()).get("api/runs/" + id(run) + "/verify").json();
      assertEquals(JsonBoolean.FALSE, report.get("passed"));
      String failed = failures(report).toString();
      assertTrue(failed.contains("proof.verify") && failed.contains("trusted_setup") && failed.contains("compiled.ezkl is not the file the run was "
          + "proven with"), failed);
    }
  }

  static byte[] tamperedHalo2Bytes(byte[] proofFile) throws Exception {
    JsonObject o = (JsonObject) Json.parse(proofFile);
    List<JsonValue> bytes = new ArrayList<>(((JsonArray) o.get("proof")).elements());
    int at = bytes.size() / 2;
    long b = ((dev.zkautograd.core.json.JsonNumber) bytes.get(at)).longValue();
    bytes.set(at, dev.zkautograd.core.json.JsonNumber.of(b ^ 1));
    StringBuilder hex = new StringBuilder("0x");
    for (JsonValue v : bytes) hex.append(String.format("%02x", ((dev.zkautograd.core.json.JsonNumber) v).longValue()));
    return Json.write(JsonObject.builder().putAll(o.without("proof").without("hex_proof").members()).put("proof", new JsonArray(bytes))
        .put("hex_proof", new JsonString(hex.toString())).build());
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  @Test
  void serve_refuses_a_key_folder_it_cannot_use(@TempDir Path tmp) throws Exception {
    Cli s = Cli.withProofs("serve", "--site", tmp.toString(), "--runs", tmp.toString(), "--port", "0", "--key-dir", tmp.resolve("none").toString());
    assertEquals(Main.EXIT_BAD_INPUT, s.exit(), s.toString());
    assertTrue(s.err().contains("keys.json"), s.toString());
  }

  @Test
  void the_run_records_its_backend_and_trusted_setup() throws Exception {
    String manifest = Files.readString(run.resolve("run_manifest.json"));
    assertTrue(manifest.contains("\"backend\":\"ezkl\""), manifest);
    assertTrue(manifest.contains("\"development\":true"), manifest);
    String steps = Files.readString(run.resolve("steps.jsonl"));
    assertEquals(2, steps.lines().count());
    assertTrue(steps.lines().allMatch(l -> l.contains("\"backend\":\"ezkl\"")));
  }

  @Test
  void verify_with_the_key_folder_checks_every_proof_and_the_chain() {
    Cli v = Cli.withProofs("verify", "--run", run.toString(), "--key-dir", keys.toString());
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.out().contains("2 proofs of all 2 steps verify"), v.toString());
    assertTrue(v.err().contains("development SRS"), v.toString());
  }

  @Test
  void an_ezkl_run_without_its_keys_is_unusable_input() {
    Cli v = Cli.withProofs("verify", "--run", run.toString());
    assertEquals(Main.EXIT_BAD_INPUT, v.exit(), v.toString());
    assertTrue(v.err().contains("--key-dir"), v.toString());
  }

  @Test
  void keys_other_than_the_recorded_ones_fail_the_check(@TempDir Path tmp) throws Exception {
    Path other = tmp.resolve("keys");
    Files.createDirectories(other);
    for (String f : new String[] {"settings.json", "vk.key", "kzg.srs", "compiled.ezkl", "pk.key", "adam_step.onnx"}) {
      Files.createSymbolicLink(other.resolve(f), keys.resolve(f).toAbsolutePath());
    }
    // The same files but a description naming another verifying key: the run's manifest pins vk.key.
    String description = Files.readString(keys.resolve("keys.json"));
    String vk = dev.zkautograd.ezkl.KeyDirectory.read(keys).files().get("vk.key").hex();
    Files.writeString(other.resolve("keys.json"), description.replace(vk, "00".repeat(32)));
    Cli v = Cli.withProofs("verify", "--run", run.toString(), "--key-dir", other.toString());
    assertEquals(Main.EXIT_CHECK_FAILED, v.exit(), v.toString());
    assertTrue(v.err().contains("vk.key is not the file the run was proven with"), v.toString());
  }

  @Test
  void the_evm_verifier_and_a_proofs_calldata_are_written(@TempDir Path tmp) throws Exception {
    Path proof = run.resolve("proofs/step_00000.proof");
    Cli g = Cli.withProofs("zk-generate-evm-verifier", "--key-dir", keys.toString(), "--out", tmp.toString(), "--proof",
        proof.toString());
    assertEquals(0, g.exit(), g.toString());
    String sol = Files.readString(tmp.resolve("EzklVerifier.sol"));
    assertTrue(sol.contains("pragma solidity") && sol.contains("function verifyProof"), sol.substring(0, Math.min(400, sol.length())));
    assertTrue(Files.size(tmp.resolve("calldata.bin")) > 0);
    Cli aggregated = Cli.withProofs("zk-generate-evm-verifier", "--key-dir", keys.toString(), "--out", tmp.toString(), "--aggregated");
    assertEquals(Main.EXIT_BAD_INPUT, aggregated.exit(), aggregated.toString());
    assertTrue(aggregated.err().contains("no proof aggregation"), aggregated.toString());
  }

  /**
   * EZKL's Solidity verifier of the run's keys, compiled with the solc of the npm registry (the committed contracts'
   * settings), deployed on a Hardhat node this test starts, accepts a step proof's calldata and rejects it with one
   * byte of the Halo2 proof flipped or one public instance changed.
   */
  @Test
  void the_evm_verifier_deploys_on_a_local_node_and_accepts_a_step_proof_but_no_forgery(@TempDir Path tmp) throws Exception {
    String bytecode = halo2Verifier(tmp, tmp.resolve("calldata.bin"));
    byte[] calldata = Files.readAllBytes(tmp.resolve("calldata.bin"));
    try (LocalEvmNode node = LocalEvmNode.start(LocalService.home())) {
      var web3 = node.client();
      String address = Deployer.deploy(web3, LocalEvmNode.devAccount(0), LocalEvmNode.CHAIN_ID, bytecode, BigInteger.valueOf(16_000_000L))
          .getContractAddress();
      assertEquals("true", call(web3, address, calldata), "creation code " + bytecode.length() / 2 + " bytes");

      // The ABI encoding of verifyProof(bytes proof, uint256[] instances): a selector, the two parts' offsets, and at each
      // offset its length and contents. A byte in the middle of the Halo2 proof, then the low byte of the last instance.
      int proofAt = 4 + word(calldata, 4);
      int instancesAt = 4 + word(calldata, 36);
      byte[] proofByte = calldata.clone();
      proofByte[proofAt + 32 + word(calldata, proofAt) / 2] ^= 1;
      assertEquals("rejected", call(web3, address, proofByte));
      byte[] instance = calldata.clone();
      instance[instancesAt + 32 + 32 * word(calldata, instancesAt) - 1] ^= 1;
      assertEquals("rejected", call(web3, address, instance));
    }
  }

  /**
   * EZKL's Solidity verifier of the test keys ({@code evm-verifier --key-dir}), compiled with the solc of the npm
   * registry (the committed contracts' settings): its creation bytecode, with step 0's calldata written to {@code calldata}.
   */
  static String halo2Verifier(Path tmp, Path calldata) throws Exception {
    Path sol = tmp.resolve("sol");
    Cli g = Cli.withProofs("evm-verifier", "--key-dir", keys.toString(), "--out", sol.toString(), "--proof",
        run.resolve("proofs/step_00000.proof").toString());
    assertEquals(0, g.exit(), g.toString());
    Files.move(sol.resolve("calldata.bin"), calldata);
    Files.delete(sol.resolve("EzklVerifier.abi.json"));
    return new SolidityCompiler(LocalService.home()).compile(sol, tmp.resolve("out"), "Halo2Verifier").bytecode();
  }

  /**
   * RunAnchor over EzklStepProofs and EZKL's verifier of the run's keys anchors the run through {@code EvmAnchor}, as a
   * STARK run is anchored; a run whose records name proofs with a flipped Halo2 byte is refused with the verifier's reason.
   * EzklStepProofs' own checks, called directly: its Poseidon is EZKL's (the honest proof's scalar and statement
   * instances), its scalars are StepScalars', and a proof of another step, chunk or rule, one with a scalar the rule does
   * not fix (a real proof, fed lr doubled), and files it cannot read are each rejected naming why.
   */
  @Test
  void run_anchor_over_the_ezkl_verifier_anchors_the_run_and_rejects_forgeries(@TempDir Path tmp) throws Exception {
    String bytecode = halo2Verifier(tmp, tmp.resolve("calldata.bin"));
    int scale = dev.zkautograd.ezkl.KeyDirectory.read(keys).grid().scale();
    StepRecord r0 = record(0);
    byte[] rule = RecordedStepVerifier.publicInputs(r0, r0.chunks().get(0)).statement().ruleBytes();
    try (LocalEvmNode node = LocalEvmNode.start(LocalService.home())) {
      var web3 = node.client();
      Credentials deployer = LocalEvmNode.devAccount(0);
      RunAnchorDeployment d = RunAnchorDeployment.deployEzkl(web3, deployer, LocalEvmNode.CHAIN_ID, bytecode, 2, scale);
      EvmAnchor anchor = EvmAnchor.writer(web3, LocalEvmNode.CHAIN_ID, d.runAnchor(), d.block(), LocalEvmNode.devAccount(1), rule, 1,
          id -> new DirectoryRunFiles(runs.resolve(id)));
      AnchorReceipt receipt = anchor.anchor(new AnchorRequest(id(run), 2, RunReader.read(run).merkleRoot(), null));
      assertEquals(2, receipt.treeSize());
      assertEquals(d.verifier(), EvmAnchor.Ref.read(receipt.ref()).verifier());
      var proveTx = web3.ethGetTransactionReceipt(EvmAnchor.Ref.read(receipt.ref()).proveTx()).send().getTransactionReceipt().orElseThrow();
      System.out.println("gas RunAnchor.prove over EzklStepProofs (Adam, dim 16): " + proveTx.getGasUsed());
      assertTrue(proveTx.getGasUsed().compareTo(EvmAnchor.TRANSACTION_GAS_CAP) < 0);

      // Both records name a proof whose Halo2 bytes are flipped: whichever step is drawn, the verifier rejects it.
      Path forged = tmp.resolve("forged").resolve(id(run));
      copy(run, forged);
      StringBuilder lines = new StringBuilder();
      StepRecord prev = null;
      for (int t = 0; t < 2; t++) {
        StepRecord r = record(t);
        byte[] tampered = tamperedHalo2Bytes(Files.readAllBytes(run.resolve(r.chunks().get(0).proof().value())));
        Files.write(forged.resolve(r.chunks().get(0).proof().value()), tampered);
        ChunkEntry c = r.chunks().get(0);
        prev = StepRecord.seal(r.draft().toBuilder().signature(null).chunks(List.of(new ChunkEntry(c.index(), c.offset(), c.length(),
            c.stateIn(), c.stateOut(), c.proof(), Digest.sha256(tampered)))).build(), prev == null ? r.prev() : prev.chain());
        lines.append(new String(prev.line(), StandardCharsets.UTF_8)).append('\n');
      }
      Files.writeString(forged.resolve("steps.jsonl"), lines);
      RunAnchorDeployment d2 = RunAnchorDeployment.deployEzkl(web3, deployer, LocalEvmNode.CHAIN_ID, bytecode, 2, scale);
      EvmAnchor forger = EvmAnchor.writer(web3, LocalEvmNode.CHAIN_ID, d2.runAnchor(), d2.block(), LocalEvmNode.devAccount(1), rule, 1,
          id -> new DirectoryRunFiles(forged));
      CoreException refused = org.junit.jupiter.api.Assertions.assertThrows(CoreException.class,
          () -> forger.anchor(new AnchorRequest(id(run), 2, dev.zkautograd.core.log.MerkleTree.ofLeafHashes(leaves(forged)).root(2), null)));
      assertTrue(refused.getMessage().contains("EzklStepProofs: the Halo2 verifier rejects the proof"), refused.getMessage());

      // The contract's own checks, called directly.
      String proofs = d.verifier();
      ChallengedChunk c0 = ChallengedChunk.read(new DirectoryRunFiles(run), 2, 0, 0);
      ChunkEntry e0 = r0.chunks().get(0);
      List<Type> opened = ethCall(web3, proofs, open(c0.argument(), rule, 0, 0), OPENED);
      assertEquals(List.of(Digest.sha256(c0.proof()), e0.stateIn(), e0.stateOut()),
          opened.stream().map(b -> Digest.of(((Bytes32) b).getValue())).toList(), "the digest and the roots the record names");
      dev.zkautograd.ezkl.EzklProofFile p0 = dev.zkautograd.ezkl.EzklProofFile.parse(c0.proof());
      long[] scalars0 = dev.zkautograd.ezkl.StepScalars.of(RecordedStepVerifier.publicInputs(r0, e0).statement(),
          dev.zkautograd.ezkl.KeyDirectory.read(keys).grid());
      for (int i = 0; i < scalars0.length; i++) {
        assertEquals(felt(p0.instance(4 + i)), poseidon(web3, proofs, BigInteger.valueOf(scalars0[i])), "EZKL's hash of scalar " + i);
      }
      for (long step : new long[] {0, 1, 7, 1000, 1L << 40}) {
        long[] want = dev.zkautograd.ezkl.StepScalars.of(RecordedStepVerifier.publicInputs(r0, e0).statement().withStep(step),
            dev.zkautograd.ezkl.KeyDirectory.read(keys).grid());
        List<Type> got = ethCall(web3, proofs, new Function("scalars", List.of(new DynamicBytes(rule), new Uint64(step)), List.of()),
            List.of(new TypeReference<DynamicArray<Uint256>>() {}));
        assertEquals(java.util.Arrays.stream(want).mapToObj(BigInteger::valueOf).toList(),
            ((DynamicArray<?>) got.get(0)).getValue().stream().map(v -> ((Uint256) v).getValue()).toList(), "scalars at step " + step);
      }

      StepRecord r1 = record(1);
      byte[] asStep1 = ezklArgument(c0.proof(), RecordedStepVerifier.publicInputs(r1, r1.chunks().get(0)).statement().toBytes());
      assertEquals("EzklStepProofs: the statement instance is not the hash of this statement", reason(web3, proofs, open(asStep1, rule, 1, 0)));
      assertEquals("EzklStepProofs: proof of another step", reason(web3, proofs, open(c0.argument(), rule, 1, 0)));
      assertEquals("EzklStepProofs: proof of another chunk", reason(web3, proofs, open(c0.argument(), rule, 0, 1)));
      byte[] otherRule = rule.clone();
      otherRule[10] ^= 1; // the low byte of lr
      assertEquals("EzklStepProofs: proof of another rule", reason(web3, proofs, open(c0.argument(), otherRule, 0, 0)));
      byte[] lrDoubled = proofWithScalar(r0, 0, scalars0[0] * 2);
      byte[] lrArg = ezklArgument(lrDoubled, RecordedStepVerifier.publicInputs(r0, e0).statement().toBytes());
      assertEquals("EzklStepProofs: a scalar instance is not the hash of the value the rule fixes", reason(web3, proofs, open(lrArg, rule, 0, 0)));
      byte[] shifted = ChallengedChunk.ezklArgument(c0.proof(), RecordedStepVerifier.publicInputs(r0, e0).statement().toBytes(),
          indexOf(c0.proof(), "\"instances\"") + 1, indexOf(c0.proof(), "\"hex_proof\""));
      assertEquals("EzklStepProofs: no instances at the offset", reason(web3, proofs, open(shifted, rule, 0, 0)));
      byte[] flipped = ezklArgument(tamperedHalo2Bytes(c0.proof()), RecordedStepVerifier.publicInputs(r0, e0).statement().toBytes());
      assertEquals("EzklStepProofs: the Halo2 verifier rejects the proof", reason(web3, proofs, open(flipped, rule, 0, 0)));
    }
  }

  /** {@code demo --backend ezkl --anchor evm}: the demo deploys EZKL's verifier of its keys, anchors the run's root and re-checks it. */
  @Test
  void the_demo_anchors_an_ezkl_run_on_chain_and_verify_rechecks_the_receipt(@TempDir Path out) throws Exception {
    Cli demo = Cli.withProofs("demo", "--backend", "ezkl", "--key-dir", keys.toString(), "--params", "16", "--chunks", "1", "--steps", "2",
        "--anchor", "evm", "--no-site", "--out", out.toString());
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("rendering EZKL's verifier of") && demo.out().contains("EzklStepProofs and RunAnchor"), demo::toString);
    assertTrue(demo.out().contains("warning: the key folder's SRS is a development SRS"), demo::toString);
    assertTrue(demo.out().contains("root anchored in RunAnchor 0x"), demo::toString);
    assertTrue(DemoEvmAnchorTest.recheckRow(demo).contains("PASS    evm: anchored: #1 (tree size 2"), demo::toString);
    assertTrue(demo.out().contains("PASSED"), demo::toString);
  }

  private static final List<TypeReference<?>> OPENED = List.of(new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {},
      new TypeReference<Bytes32>() {});

  private static Function open(byte[] argument, byte[] rule, long step, int chunk) {
    return new Function("open", List.of(new DynamicBytes(argument), new DynamicBytes(rule), new Uint64(step), new Uint32(chunk)), OPENED);
  }

  /** EzklStepProofs' argument for a proof file and statement, at the offsets of the keys in the file. */
  private static byte[] ezklArgument(byte[] file, byte[] statement) {
    return ChallengedChunk.ezklArgument(file, statement, indexOf(file, "\"instances\":[[\""), indexOf(file, "\"hex_proof\":\"0x"));
  }

  private static int indexOf(byte[] file, String needle) {
    return new String(file, StandardCharsets.ISO_8859_1).indexOf(needle);
  }

  /** The integer of a 32-byte little-endian instance. */
  private static BigInteger felt(byte[] le) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) be[31 - i] = le[i];
    return new BigInteger(1, be);
  }

  private static BigInteger poseidon(Web3j web3, String to, BigInteger x) throws Exception {
    List<Type> r = ethCall(web3, to, new Function("poseidon", List.of(new DynamicArray<>(Uint256.class, List.of(new Uint256(x)))), List.of()),
        List.of(new TypeReference<Uint256>() {}));
    return ((Uint256) r.get(0)).getValue();
  }

  /**
   * A real EZKL proof for record {@code r}'s chunk with the statement the record makes but scalar {@code index} fed as
   * {@code units}: what a prover who computes with another learning rate than the declared one would file.
   */
  private static byte[] proofWithScalar(StepRecord r, int index, long units) throws Exception {
    StepStatement statement = RecordedStepVerifier.publicInputs(r, r.chunks().get(0)).statement();
    try (EzklBackend backend = EzklBackend.open(keys, KeyDirectory.Use.PROVE)) {
      KeyDirectory k = backend.keys();
      FixedPointGrid grid = k.grid();
      List<JsonValue> inputs = new ArrayList<>();
      for (int v = 0; v < 4; v++) inputs.add(new JsonArray(java.util.Collections.nCopies(k.dim(), (JsonValue) JsonNumber.of(0))));
      long[] scalars = StepScalars.of(statement, grid);
      scalars[index] = units;
      for (long s : scalars) inputs.add(new JsonArray(List.of(JsonNumber.of(grid.value(s)))));
      List<JsonValue> words = new ArrayList<>();
      for (long w : StatementWords.of(statement)) words.add(JsonNumber.of(w));
      inputs.add(new JsonArray(words));
      Path work = Files.createTempDirectory("ezkl-forge");
      JsonObject result = backend.worker().call("prove", JsonObject.builder().put("circuit", "adam").put("dim", k.dim())
          .put("compiled", k.file(KeyDirectory.COMPILED).toString()).put("pk", k.file(KeyDirectory.PROVING_KEY).toString())
          .put("vk", k.file(KeyDirectory.VERIFYING_KEY).toString()).put("srs", k.file(KeyDirectory.SRS).toString())
          .put("work", work.toString()).put("inputs", new JsonArray(inputs)).build(), java.time.Duration.ofMinutes(10));
      return Files.readAllBytes(Path.of(((JsonString) result.get("proof")).value()));
    }
  }

  private static List<Type> ethCall(Web3j web3, String to, Function f, List<TypeReference<?>> outputs) throws Exception {
    EthCall r = web3.ethCall(Transaction.createEthCallTransaction(LocalEvmNode.devAccount(0).getAddress(), to, FunctionEncoder.encode(f)),
        DefaultBlockParameterName.LATEST).send();
    if (r.hasError() || r.isReverted()) throw new AssertionError(f.getName() + " reverted: " + (r.hasError() ? r.getError().getMessage() : r.getRevertReason()));
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Type> out = FunctionReturnDecoder.decode(r.getValue(), (List) outputs);
    return out;
  }

  /** The revert reason of a call that must revert. */
  private static String reason(Web3j web3, String to, Function f) throws Exception {
    EthCall r = web3.ethCall(Transaction.createEthCallTransaction(LocalEvmNode.devAccount(0).getAddress(), to, FunctionEncoder.encode(f)),
        DefaultBlockParameterName.LATEST).send();
    assertTrue(r.hasError() || r.isReverted(), f.getName() + " did not revert");
    String m = r.hasError() ? r.getError().getMessage() : r.getRevertReason();
    java.util.regex.Matcher q = java.util.regex.Pattern.compile("reason string '([^']*)'").matcher(m);
    return q.find() ? q.group(1) : m;
  }

  private static List<Digest> leaves(Path runDir) throws Exception {
    List<Digest> out = new ArrayList<>();
    for (String l : Files.readAllLines(runDir.resolve("steps.jsonl"))) {
      out.add(dev.zkautograd.core.log.MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** The ABI word at {@code at} as an int (offsets and lengths). */
  private static int word(byte[] b, int at) {
    return new BigInteger(1, java.util.Arrays.copyOfRange(b, at, at + 32)).intValueExact();
  }

  /** "true" when the verifier returns true; "rejected" when it returns false or reverts. */
  private static String call(org.web3j.protocol.Web3j web3, String to, byte[] data) throws Exception {
    EthCall r = web3.ethCall(Transaction.createEthCallTransaction(LocalEvmNode.devAccount(0).getAddress(), to,
        "0x" + HexFormat.of().formatHex(data)), DefaultBlockParameterName.LATEST).send();
    if (r.hasError() || r.isReverted()) return "rejected";
    String v = r.getValue();
    return v != null && new BigInteger(v.substring(2).isEmpty() ? "0" : v.substring(2), 16).equals(BigInteger.ONE) ? "true" : "rejected";
  }
}
