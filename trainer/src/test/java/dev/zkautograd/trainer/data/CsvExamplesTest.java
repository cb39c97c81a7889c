package dev.zkautograd.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainerException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data file of --data (docs/trainer.md, "Data file"): what it accepts and how it says what is wrong. */
class CsvExamplesTest {
  static final String GOOD = "x1,x2,x3,label\n0.5,-1,2e-3,0\n+.25, 3 ,-0.0,2\n1,2,3,1\n";

  static Examples parse(String text) throws TrainerException {
    return CsvExamples.parse(text.getBytes(StandardCharsets.UTF_8), "d.csv", 3, 3);
  }

  @Test
  void readsFeaturesAndLabelsWithOrWithoutAHeader() throws Exception {
    Examples e = parse(GOOD);
    assertEquals(3, e.size());
    assertArrayEquals(new double[] {0.5, -1, 2e-3, 0.25, 3, -0.0, 1, 2, 3}, e.values());
    assertArrayEquals(new int[] {0, 2, 1}, e.labels());
    assertEquals(e, parse(GOOD.substring(GOOD.indexOf('\n') + 1)));
    assertEquals(e, parse(GOOD.replace("\n", "\r\n")));
    assertEquals(e, parse(GOOD.substring(0, GOOD.length() - 1))); // no final newline
  }

  @Test
  void readsAFile(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("train.csv");
    Files.writeString(f, GOOD);
    assertEquals(parse(GOOD), CsvExamples.read(f, 3, 3));
    TrainerException e = assertThrows(TrainerException.class, () -> CsvExamples.read(tmp.resolve("none.csv"), 3, 3));
    assertEquals(Reason.IO, e.reason());
    assertTrue(e.getMessage().contains("none.csv"), e.getMessage());
  }

  @Test
  void everyProblemNamesTheFileLineAndField() {
    refused("0.5,-1,2e-3,0\n1,zwei,3,1\n", Reason.MALFORMED, 2, "2");
    refused(GOOD + "1,nan,3,1\n", Reason.MALFORMED, 5, "2 (x2)");
    refused(GOOD + "1,2,Infinity,1\n", Reason.MALFORMED, 5, "3 (x3)");
    refused(GOOD + "1,2,0x10,1\n", Reason.MALFORMED, 5, "3 (x3)");
    refused(GOOD + "1,2,,1\n", Reason.MALFORMED, 5, "3 (x3)");
    refused(GOOD + "1,2,1e7,1\n", Reason.BAD_FIELD, 5, "3 (x3)");
    refused(GOOD + "1,2,1e400,1\n", Reason.BAD_FIELD, 5, "3 (x3)");
    refused(GOOD + "1,2,3,3\n", Reason.BAD_FIELD, 5, "4 (label)");
    refused(GOOD + "1,2,3,-1\n", Reason.BAD_FIELD, 5, "4 (label)");
    refused(GOOD + "1,2,3,1.0\n", Reason.BAD_FIELD, 5, "4 (label)");
    refused("1,2,3,0\n1,2,3,99999999999\n", Reason.BAD_FIELD, 2, "4 (label)");
    refused(GOOD + "1,2,1\n", Reason.MISMATCH, 5, null);
    refused(GOOD + "1,2,3,4,1\n", Reason.MISMATCH, 5, null);
    refused(GOOD + "\n1,2,3,1\n", Reason.MALFORMED, 5, null);
    refused(GOOD + "\n", Reason.MALFORMED, 5, null);
    refused("a,b,c,d\n1,2,3,0\n", Reason.MALFORMED, null, null); // one example only
    refused("", Reason.MALFORMED, null, null);
  }

  @Test
  void aHeaderIsOnlyTheFirstLineAndOnlyWithoutNumbers() {
    refused("x1,x2,x3,label\nx1,x2,x3,label\n1,2,3,0\n", Reason.MALFORMED, 2, "1 (x1)");
    refused("x1,2,x3,label\n1,2,3,0\n1,2,3,0\n", Reason.MALFORMED, 1, "1");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWithTheLine() {
    byte[] bad = (GOOD + "1,2,3,0\n").getBytes(StandardCharsets.UTF_8);
    bad[GOOD.length() + 2] = (byte) 0xC3;
    TrainerException e = assertThrows(TrainerException.class, () -> CsvExamples.parse(bad, "d.csv", 3, 3));
    assertEquals(Reason.MALFORMED, e.reason());
    assertEquals(5L, e.line());
  }

  @Test
  void aLineLongerThanTheLimitIsTooLarge() {
    String longLine = "1".repeat(CsvExamples.MAX_LINE) + ",2,3,0\n";
    refused(GOOD + longLine, Reason.TOO_LARGE, 5, null);
  }

  private static void refused(String text, Reason reason, Integer line, String field) {
    TrainerException e = assertThrows(TrainerException.class, () -> parse(text), text);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals("d.csv", e.file(), e.getMessage());
    assertEquals(line == null ? null : (long) line, e.line(), e.getMessage());
    if (field != null) assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains("file d.csv"), e.getMessage());
  }
}
