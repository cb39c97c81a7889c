package dev.zkautograd.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.testing.SeededRuns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The data-file parser takes untrusted bytes: for any input it returns examples that satisfy the
 * format's invariants, or throws a {@link TrainerException} naming the file (and, past line 0, the
 * line); nothing else escapes. The Jazzer target replays {@code CsvExamplesFuzzTestInputs/parse/}
 * in the normal run ({@code JAZZER_FUZZ=1} to fuzz); the seeded tests mutate valid files field by
 * field and line by line. The seed is in every failure message.
 */
class CsvExamplesFuzzTest {
  private static final String[] TOKENS = {"", " ", "-", "+", ".", "e", "1e999", "-1e-999", "nan", "NaN", "Infinity", "0x10",
      "1d", "3.5f", "1,2", "\"1\"", "\u00e9", "\u0000", "9999999999", "-0", "+.5", "1e6", "1000000.5", "2", "#", "\t3\t"};

  static void parseOnlyTypedErrors(byte[] input) {
    try {
      Examples e = CsvExamples.parse(input, "fuzz.csv", 3, 4);
      assertTrue(e.size() >= 2);
      assertEquals(3L * e.size(), e.values().length);
      for (double v : e.values()) assertTrue(Math.abs(v) <= Examples.MAX_FEATURE);
      for (int y : e.labels()) assertTrue(y >= 0 && y < 4);
    } catch (TrainerException e) {
      if (!"fuzz.csv".equals(e.file())) throw new AssertionError("the error does not name the file: " + e.getMessage());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    parseOnlyTypedErrors(input);
  }

  @Test
  void randomTextThrowsOnlyTypedErrors() {
    byte[] alphabet = "0123456789,.-+eE \n\r\tx".getBytes(StandardCharsets.US_ASCII);
    SeededRuns.check(3000, r -> {
      byte[] b = new byte[r.nextInt(120)];
      for (int i = 0; i < b.length; i++) b[i] = r.nextInt(10) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
      parseOnlyTypedErrors(b);
    });
  }

  @Test
  void mutatedFilesThrowOnlyTypedErrors() {
    String valid = "a,b,c,y\n0.5,-1,2e-3,0\n.25,3,-0.0,3\n1,2,3,1\n";
    SeededRuns.check(5000, r -> parseOnlyTypedErrors(mutate(valid, r).getBytes(StandardCharsets.UTF_8)));
  }

  /** One to three edits of fields and lines: replace a field by a token, split, join, drop or repeat lines. */
  static String mutate(String text, Random r) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    for (int e = 1 + r.nextInt(3); e > 0; e--) {
      int at = r.nextInt(lines.size());
      switch (r.nextInt(5)) {
        case 0 -> {
          String[] fields = lines.get(at).split(",", -1);
          fields[r.nextInt(fields.length)] = TOKENS[r.nextInt(TOKENS.length)];
          lines.set(at, String.join(",", fields));
        }
        case 1 -> lines.add(at, lines.get(at));
        case 2 -> lines.remove(at);
        case 3 -> lines.set(at, lines.get(at) + (r.nextBoolean() ? "," : "\r"));
        default -> {
          String l = lines.get(at);
          int cut = l.isEmpty() ? 0 : r.nextInt(l.length());
          lines.set(at, l.substring(0, cut) + TOKENS[r.nextInt(TOKENS.length)] + l.substring(cut));
        }
      }
      if (lines.isEmpty()) lines.add("");
    }
    return String.join("\n", lines);
  }
}
