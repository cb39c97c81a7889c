package dev.zkautograd.trainer.data;

import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainerException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The data file of {@code --data} (docs/trainer.md, "Data file"): UTF-8 CSV, one example per line,
 * the feature values then the integer class label, comma-separated; an optional header on line 1.
 * Every problem is a {@link TrainerException} naming the file, the line and the field.
 */
public final class CsvExamples {
  /** Largest file read. */
  public static final long MAX_BYTES = 1L << 28;
  /** Longest line. */
  public static final int MAX_LINE = 1 << 20;
  /** Most examples. */
  public static final int MAX_EXAMPLES = 1 << 22;

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("\\d{1,9}");

  private CsvExamples() {}

  /** Reads {@code file} as examples of {@code features} features and {@code classes} classes. */
  public static Examples read(Path file, int features, int classes) throws TrainerException {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw TrainerException.of(Reason.TOO_LARGE, "data file too large").file(file.toString())
            .expected("at most " + MAX_BYTES + " bytes").actual(size + " bytes").build();
      }
      return parse(Files.readAllBytes(file), file.toString(), features, classes);
    } catch (IOException e) {
      throw TrainerException.of(Reason.IO, "cannot read the data file: " + e.getMessage()).file(file.toString()).build(e);
    }
  }

  /**
   * Parses a data file's bytes.
   *
   * @param file the file's name for messages
   */
  public static Examples parse(byte[] bytes, String file, int features, int classes) throws TrainerException {
    Parser p = new Parser(file, features, classes);
    int start = 0;
    long line = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') end++;
      line++;
      p.line(line, Arrays.copyOfRange(bytes, start, end > start && bytes[end - 1] == '\r' ? end - 1 : end));
      start = end + 1;
    }
    return p.finish(line);
  }

  private static final class Parser {
    private final String file;
    private final int features;
    private final int classes;
    private String[] names;
    private double[] values = new double[1024];
    private int[] labels = new int[64];
    private int rows;

    Parser(String file, int features, int classes) {
      this.file = file;
      this.features = features;
      this.classes = classes;
    }

    void line(long line, byte[] bytes) throws TrainerException {
      if (bytes.length > MAX_LINE) {
        throw TrainerException.of(Reason.TOO_LARGE, "line too long").file(file).line(line)
            .expected("at most " + MAX_LINE + " bytes").actual(bytes.length + " bytes").build();
      }
      String text = decode(line, bytes);
      if (text.isBlank()) {
        throw TrainerException.of(Reason.MALFORMED, "empty line (only one newline may end the file)").file(file).line(line)
            .build();
      }
      String[] fields = text.split(",", -1);
      if (fields.length != features + 1) {
        throw TrainerException.of(Reason.MISMATCH, "each line holds the model's " + features + " features and a label")
            .file(file).line(line).expected((features + 1) + " comma-separated fields").actual(fields.length + " fields").build();
      }
      for (int i = 0; i < fields.length; i++) fields[i] = fields[i].strip();
      if (line == 1 && Arrays.stream(fields).noneMatch(f -> NUMBER.matcher(f).matches())) {
        names = fields;
        return;
      }
      if (rows == MAX_EXAMPLES) {
        throw TrainerException.of(Reason.TOO_LARGE, "too many examples").file(file).line(line)
            .expected("at most " + MAX_EXAMPLES).actual("more").build();
      }
      if ((long) (rows + 1) * features > values.length) values = Arrays.copyOf(values, Math.max(2 * values.length, (rows + 1) * features));
      if (rows == labels.length) labels = Arrays.copyOf(labels, 2 * labels.length);
      for (int j = 0; j < features; j++) {
        values[rows * features + j] = feature(line, j, fields[j]);
      }
      labels[rows] = label(line, fields[features]);
      rows++;
    }

    Examples finish(long lines) throws TrainerException {
      if (rows < 2) {
        throw TrainerException.of(Reason.MALFORMED, "a data file needs at least 2 examples (some are held out)").file(file)
            .expected("at least 2 examples").actual(rows).build();
      }
      return new Examples(features, classes, Arrays.copyOf(values, rows * features), Arrays.copyOf(labels, rows));
    }

    private double feature(long line, int j, String f) throws TrainerException {
      if (!NUMBER.matcher(f).matches()) {
        throw TrainerException.of(Reason.MALFORMED, "a feature is a decimal number").file(file).line(line).field(name(j))
            .expected("a number such as -1.25 or 3e-2").actual(quote(f)).build();
      }
      double v = Double.parseDouble(f);
      if (!(Math.abs(v) <= Examples.MAX_FEATURE)) {
        throw TrainerException.of(Reason.BAD_FIELD, "feature value out of range").file(file).line(line).field(name(j))
            .expected("|x| ≤ 1e6").actual(f).build();
      }
      return v;
    }

    private int label(long line, String f) throws TrainerException {
      long y = LABEL.matcher(f).matches() ? Long.parseLong(f) : -1;
      if (y < 0 || y >= classes) {
        throw TrainerException.of(Reason.BAD_FIELD, "the last field is the class label").file(file).line(line)
            .field(name(features)).expected("an integer from 0 to " + (classes - 1)).actual(quote(f)).build();
      }
      return (int) y;
    }

    /** "3 (petal_width)": 1-based, with the header's name when there is one. */
    private String name(int j) {
      String n = names != null ? names[j] : j == features ? "label" : null;
      return (j + 1) + (n == null || n.isEmpty() ? "" : " (" + n + ")");
    }

    private String decode(long line, byte[] bytes) throws TrainerException {
      try {
        CharBuffer c = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        return c.toString();
      } catch (CharacterCodingException e) {
        throw TrainerException.of(Reason.MALFORMED, "not UTF-8 text").file(file).line(line).build();
      }
    }

    private static String quote(String f) {
      String shown = f.length() > 40 ? f.substring(0, 40) + "..." : f;
      return "\"" + shown + "\"";
    }
  }
}
