package dev.zkautograd.portal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for the browser verifier's untrusted inputs: whatever a page passes to an export
 * (request JSON, record bytes, proof bytes) comes back as a verdict document, never an exception and
 * never an internal error. In the normal test run it replays the seed corpus in {@code
 * BrowserVerifierFuzzTestInputs/exports} (vector files); fuzz with {@code JAZZER_FUZZ=1 mvn -pl
 * portal-wasm test -Dtest=BrowserVerifierFuzzTest}.
 */
class BrowserVerifierFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void exports(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    verdict(BrowserVerifier.verifyInclusion(text));
    verdict(BrowserVerifier.verifyConsistency(text));
    verdict(BrowserVerifier.verifyChain(text));
    verdict(BrowserVerifier.verifyKey(text));
    verdict(BrowserVerifier.verifyCheckpoint(text, "zk-autograd/run-20261124-101500+324b525b+AQQ2LVo/IS9eW4M6D2qUitbZHg7OP0zL7jDgaNf4tfmx",
        "zk-autograd/run-20261124-101500"));
    verdict(BrowserVerifier.verifyRecord(input));
    verdict(BrowserVerifier.verifyStepProof(input, 0, input));
    verdict(BrowserVerifier.verifyProof(text, input));
    FetchedRun run = new FetchedRun();
    run.add("steps.jsonl", input);
    run.add("run_manifest.json", input);
    run.add("checkpoint", input);
    run.proofFiles(0);
    verdict(run.verify(text));
    verdict(run.verify("{\"step\":0}"));
  }

  static void verdict(String json) {
    Verdict v = Verdict.parse(json);
    assertTrue(json.startsWith("{") && v.get("format") != null, json);
    assertFalse(json.contains("internal error"), json);
  }
}
