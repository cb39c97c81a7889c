package dev.zkautograd.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.UtcTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored head is read from a table or bucket that others can write: its parser throws only
 * CoreException, for random bytes and mutations of a valid head, and what it accepts re-encodes to
 * the same receipt. The Jazzer target replays its corpus ({@code StoredHeadFuzzTestInputs/decode/}) in
 * the normal run.
 */
class StoredHeadFuzzTest {
  static final String RUN = "run-fuzz";
  private static final String MARKS = "{}[]\",:09ae-\\";

  static byte[] valid() {
    AnchorReceipt r = new AnchorReceipt(DynamoDbAnchor.KIND, 7, 12, Digest.sha256(new byte[] {1}), UtcTime.of(Instant.parse("2026-11-24T09:00:00Z")),
        JsonObject.builder().put("region", "eu-frankfurt-1").put("table", "t-anchors").put("key", RUN).build());
    return StoredHead.encode(RUN, r);
  }

  static void decode(byte[] input) {
    try {
      AnchorReceipt r = StoredHead.decode(RUN, input, "fuzz");
      assertEquals(r, StoredHead.decode(RUN, StoredHead.encode(RUN, r), "re-encoded"), "an accepted head round-trips");
    } catch (CoreException expected) {
      // the typed refusal
    }
  }

  @FuzzTest(maxDuration = "30s")
  void decode(com.code_intelligence.jazzer.api.FuzzedDataProvider data) {
    decode(data.consumeRemainingAsBytes());
  }

  @Test
  void the_valid_head_reads() throws CoreException {
    assertEquals(7, StoredHead.decode(RUN, valid(), "x").counter());
  }

  @Test
  void random_and_mutated_heads_throw_only_core_exception() {
    long base = Long.getLong("zka.seed", new Random().nextLong());
    byte[] valid = valid();
    for (int i = 0; i < 4000; i++) {
      Random r = new Random(base + i);
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
        decode(b);
      } catch (Throwable t) {
        throw new AssertionError("failed for seed " + (base + i) + " (rerun with -Dzka.seed=" + (base + i) + "): " + t, t);
      }
    }
  }
}
