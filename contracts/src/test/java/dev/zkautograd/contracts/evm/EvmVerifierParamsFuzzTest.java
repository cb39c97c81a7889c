package dev.zkautograd.contracts.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.local.LocalService;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A parameters file is input from whoever asks for a verifier: its parser throws only CoreException,
 * for random bytes and mutations of a valid file, and what it accepts re-encodes (canonical JSON and the
 * written layout of {@code zk-setup-zk --backend stark}) to the same parameters. The Jazzer target replays its corpus ({@code EvmVerifierParamsFuzzTestInputs/parse/}) in
 * the normal run.
 */
class EvmVerifierParamsFuzzTest {
  private static final String MARKS = "{}[]\",:09ae-\\";

  static void parse(byte[] input) {
    try {
      EvmVerifierParams p = EvmVerifierParams.parse(input);
      assertEquals(p, EvmVerifierParams.parse(Json.write(p.toJson())), "an accepted file round-trips");
      assertEquals(p, EvmVerifierParams.parse(p.toText().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "and so does its written layout");
    } catch (CoreException expected) {
      // the typed refusal
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parse(com.code_intelligence.jazzer.api.FuzzedDataProvider data) {
    parse(data.consumeRemainingAsBytes());
  }

  @Test
  void random_and_mutated_files_throw_only_core_exception() throws Exception {
    long base = Long.getLong("zka.seed", new Random().nextLong());
    byte[][] vectors = {Files.readAllBytes(LocalService.home().resolve("contracts/params/golden-sgd-64.json")),
        Files.readAllBytes(LocalService.home().resolve("contracts/params/stark-adam-64x2.json"))};
    for (int i = 0; i < 3000; i++) {
      Random r = new Random(base + i);
      byte[] valid = vectors[i % 2];
      byte[] b;
      if (i % 4 == 0) {
        b = new byte[r.nextInt(300)];
        r.nextBytes(b);
      } else {
        b = Arrays.copyOf(valid, valid.length);
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          int at = r.nextInt(b.length);
          switch (r.nextInt(3)) {
            case 0 -> b[at] ^= (byte) (1 + r.nextInt(255));
            case 1 -> b = Arrays.copyOf(b, at);
            default -> b[at] = (byte) MARKS.charAt(r.nextInt(MARKS.length()));
          }
          if (b.length == 0) break;
        }
      }
      try {
        parse(b);
      } catch (Throwable t) {
        throw new AssertionError("failed for seed " + (base + i) + " (rerun with -Dzka.seed=" + (base + i) + "): " + t, t);
      }
    }
  }
}
