package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of a C2SP {@code tlog-checkpoint}: the log's origin, its tree size, the base64 RFC 9162
 * root hash, and optional extension lines, each line ending in a newline.
 *
 * <pre>
 * zk-autograd/run-20261124-101500
 * 8
 * XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
 * </pre>
 *
 * <p>A zk-Autograd run's checkpoints use the origin {@code RunLayout.origin(runId)} and are
 * signed by a {@link NoteSigner} whose key name is that origin ({@code
 * docs/formats/checkpoint.md}). {@link #parse} accepts any origin, as the specification requires
 * of clients; {@link #open} checks the signature and the origin a caller expects.
 *
 * @param origin the log's identity, the first line (non-empty)
 * @param size the number of leaves, at least 0
 * @param root the RFC 9162 root of the first {@code size} leaves
 * @param extensions opaque, non-empty extension lines (usually none)
 */
public record Checkpoint(String origin, long size, Digest root, List<String> extensions) {
  /** The largest checkpoint body {@link #parse} reads, in UTF-8 bytes. */
  public static final int MAX_BODY_BYTES = 1 << 16;
  /** The prefix of a run's origin. */

  /** Copies the extension lines and checks that every line can be written as one line. */
  public Checkpoint {
    checkLine(Objects.requireNonNull(origin, "origin"), "origin");
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    Objects.requireNonNull(root, "root");
    extensions = List.copyOf(extensions);
    for (String line : extensions) {
      checkLine(line, "extension line");
    }
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, long size, Digest root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /** The note body: origin, size and base64 root, then the extension lines, each ending in "\n". */
  public String body() {
    StringBuilder s = new StringBuilder(origin).append('\n')
        .append(size).append('\n')
        .append(StrictBase64.encode(root.bytes())).append('\n');
    for (String line : extensions) {
      s.append(line).append('\n');
    }
    return s.toString();
  }

  /**
   * Parses a checkpoint body (the text of a signed note, after the note has been verified).
   *
   * @throws CoreException {@link Reason#TOO_LARGE} beyond {@link #MAX_BODY_BYTES} or for a size
   *     beyond 2^63-1; {@link Reason#MALFORMED} for forbidden characters, a body not ending in a
   *     newline, an empty extension line or bad base64; {@link Reason#MISSING_FIELD} for fewer than
   *     three lines or an empty origin, size or root; {@link Reason#BAD_FIELD} for a size that is
   *     not decimal or a root that is not 32 bytes; {@link Reason#NOT_CANONICAL} for a size with
   *     leading zeros or base64 with stray bits
   */
  public static Checkpoint parse(String body) throws CoreException {
    Objects.requireNonNull(body, "body");
    if (body.length() > MAX_BODY_BYTES || NoteText.utf8Length(body) > MAX_BODY_BYTES) {
      throw CoreException.of(Reason.TOO_LARGE, "the checkpoint is too large")
          .field("checkpoint")
          .expected("at most " + MAX_BODY_BYTES + " bytes")
          .actual(NoteText.utf8Length(body) + " bytes")
          .build();
    }
    NoteText.check(body, "checkpoint");
    if (!body.endsWith("\n")) {
      throw CoreException.of(Reason.MALFORMED, "every checkpoint line ends in a newline")
          .field("checkpoint")
          .build();
    }
    List<String> lines = new ArrayList<>();
    for (int start = 0; start < body.length(); ) {
      int end = body.indexOf('\n', start);
      lines.add(body.substring(start, end));
      start = end + 1;
    }
    String[] names = {"origin", "size", "root"};
    for (int i = 0; i < names.length; i++) {
      if (i >= lines.size() || lines.get(i).isEmpty()) {
        throw CoreException.of(Reason.MISSING_FIELD,
                "a checkpoint has three non-empty lines: origin, tree size, root hash")
            .field(names[i])
            .build();
      }
    }
    long size = parseSize(lines.get(1));
    byte[] root = StrictBase64.decode(lines.get(2), "root");
    if (root.length != Digest.LENGTH) {
      throw CoreException.of(Reason.BAD_FIELD, "the root hash is a 32-byte SHA-256 digest")
          .field("root")
          .expected(Digest.LENGTH + " bytes")
          .actual(root.length + " bytes")
          .build();
    }
    List<String> extensions = lines.subList(3, lines.size());
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).isEmpty()) {
        throw CoreException.of(Reason.MALFORMED, "extension lines are not empty")
            .field("extension line " + (i + 1))
            .build();
      }
    }
    return new Checkpoint(lines.get(0), size, Digest.of(root), extensions);
  }

  /**
   * Opens a signed checkpoint: verifies {@code note} with {@code logKey} (signatures by other keys
   * are ignored), parses its body, and checks that its origin is {@code expectedOrigin}. Only a
   * checkpoint that passes all three is returned.
   *
   * @throws CoreException {@link Reason#SIGNATURE_INVALID} from {@link SignedNote#verify}, the
   *     reasons of {@link #parse}, or {@link Reason#BAD_FIELD} for another origin
   */
  public static Checkpoint open(SignedNote note, NoteVerifier logKey, String expectedOrigin)
      throws CoreException {
    note.verify(logKey);
    Checkpoint checkpoint = parse(note.body());
    if (!checkpoint.origin.equals(expectedOrigin)) {
      throw CoreException.of(Reason.BAD_FIELD, "the checkpoint is from another log")
          .field("origin")
          .expected(expectedOrigin)
          .actual(NoteVerifier.printable(checkpoint.origin))
          .build();
    }
    return checkpoint;
  }

  private static long parseSize(String text) throws CoreException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw CoreException.of(Reason.BAD_FIELD, "the tree size is an ASCII decimal number")
            .field("size")
            .expected("decimal digits only")
            .actual("\"" + NoteVerifier.printable(text) + "\"")
            .build();
      }
    }
    if (text.length() > 1 && text.charAt(0) == '0') {
      throw CoreException.of(Reason.NOT_CANONICAL, "the tree size has no leading zeros")
          .field("size")
          .expected("no leading zeros")
          .actual("\"" + NoteVerifier.printable(text) + "\"")
          .build();
    }
    // 2^63-1 has 19 digits; anything longer, or larger, does not fit a long.
    long value = 0;
    boolean overflow = text.length() > 19;
    for (int i = 0; !overflow && i < text.length(); i++) {
      int d = text.charAt(i) - '0';
      overflow = value > (Long.MAX_VALUE - d) / 10;
      value = value * 10 + d;
    }
    if (overflow) {
      throw CoreException.of(Reason.TOO_LARGE, "the tree size is beyond 2^63-1")
          .field("size")
          .expected("at most " + Long.MAX_VALUE)
          .actual(text.length() > 40 ? text.length() + " digits" : text)
          .build();
    }
    return value;
  }

  private static void checkLine(String line, String what) {
    if (line.isEmpty() || line.indexOf('\n') >= 0 || NoteText.firstBadChar(line, false) >= 0) {
      throw new IllegalArgumentException(
          "a checkpoint " + what + " is one non-empty line without control characters");
    }
  }
}
