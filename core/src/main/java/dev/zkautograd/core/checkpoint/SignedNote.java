package dev.zkautograd.core.checkpoint;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note: a text (the body) ending in a newline, a blank line, and one or more
 * signature lines {@code — <key name> base64(key ID || signature)}.
 *
 * <p>{@link #parse} is strict and bounded: valid UTF-8 with no control character but newline, at
 * most {@link #MAX_NOTE_BYTES} bytes and {@link #MAX_SIGNATURES} signatures, canonical base64, and
 * {@code parse(t).text().equals(t)} for every accepted {@code t}. Parsing says nothing about
 * authenticity: a note's body must be ignored until {@link #verify} succeeds.
 *
 * @param body the signed text, including its final newline but not the blank separator line
 * @param signatures the signature lines in order, verified or not
 */
public record SignedNote(String body, List<NoteSignature> signatures) {
  /** The start of every signature line: an em dash (U+2014) and a space. */
  static final String SIGNATURE_PREFIX = "\u2014 ";
  /** The largest note {@link #parse} reads, in UTF-8 bytes. */
  public static final int MAX_NOTE_BYTES = 1 << 20;
  /**
   * The most signatures {@link #parse} reads. C2SP requires at least 16; 100 is the limit of Go's
   * {@code golang.org/x/mod/sumdb/note}, so every note Go accepts is accepted here.
   */
  public static final int MAX_SIGNATURES = 100;

  /** Copies the signature list and checks the body and the number of signatures. */
  public SignedNote {
    checkBody(body);
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a signed note has 1 to " + MAX_SIGNATURES + " signatures, not " + signatures.size());
    }
  }

  /**
   * Parses the UTF-8 bytes of a signed note, refusing malformed UTF-8 (the form in which notes are
   * read from files and the network).
   *
   * @throws CoreException as {@link #parse(String)}; {@link Reason#MALFORMED} for invalid UTF-8
   */
  public static SignedNote parse(byte[] utf8) throws CoreException {
    if (utf8.length > MAX_NOTE_BYTES) {
      throw tooLarge(utf8.length);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw CoreException.of(Reason.MALFORMED, "a signed note is valid UTF-8").field("note").build(e);
    }
    return parse(text);
  }

  /**
   * Parses a signed note. The body is separated from the signatures by the last blank line.
   *
   * @throws CoreException {@link Reason#TOO_LARGE} beyond the size or signature limits, {@link
   *     Reason#MALFORMED} for forbidden characters, a missing blank line or newline, a line that is
   *     not a signature line, bad base64 or a signature shorter than five bytes, {@link
   *     Reason#NOT_CANONICAL} for base64 with stray bits, {@link Reason#BAD_FIELD} for a bad key
   *     name
   */
  public static SignedNote parse(String text) throws CoreException {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_NOTE_BYTES || NoteText.utf8Length(text) > MAX_NOTE_BYTES) {
      throw tooLarge(NoteText.utf8Length(text));
    }
    NoteText.check(text, "note");
    int split = text.lastIndexOf("\n\n");
    if (split < 0) {
      throw CoreException.of(Reason.MALFORMED,
              "a signed note has a blank line between its text and its signatures")
          .field("note")
          .build();
    }
    String body = text.substring(0, split + 1);
    String block = text.substring(split + 2);
    if (block.isEmpty()) {
      throw CoreException.of(Reason.MALFORMED, "a signed note has at least one signature line")
          .field("signatures")
          .build();
    }
    if (!block.endsWith("\n")) {
      throw CoreException.of(Reason.MALFORMED, "every signature line ends in a newline")
          .field("signatures")
          .build();
    }
    List<NoteSignature> signatures = new ArrayList<>();
    int start = 0;
    while (start < block.length()) {
      if (signatures.size() == MAX_SIGNATURES) {
        throw CoreException.of(Reason.TOO_LARGE, "the note has too many signatures")
            .field("signatures")
            .expected("at most " + MAX_SIGNATURES)
            .actual("more")
            .build();
      }
      int end = block.indexOf('\n', start);
      signatures.add(parseLine(block.substring(start, end), signatures.size() + 1));
      start = end + 1;
    }
    return new SignedNote(body, signatures);
  }

  private static NoteSignature parseLine(String line, int number) throws CoreException {
    String field = "signature line " + number;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw CoreException.of(Reason.MALFORMED,
              "a signature line starts with an em dash (U+2014) and a space")
          .field(field)
          .expected("\"\u2014 <key name> <base64>\"")
          .actual("\"" + NoteVerifier.printable(line) + "\"")
          .build();
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw CoreException.of(Reason.MALFORMED,
              "a signature line is \"— <key name> <base64 signature>\"")
          .field(field)
          .build();
    }
    String name = rest.substring(0, space);
    if (!NoteText.isKeyName(name)) {
      throw CoreException.of(Reason.BAD_FIELD,
              "a key name is non-empty and has no spaces, plus signs or control characters")
          .field(field)
          .expected("a key name")
          .actual("\"" + NoteVerifier.printable(name) + "\"")
          .build();
    }
    byte[] raw = StrictBase64.decode(rest.substring(space + 1), field);
    if (raw.length < 5) {
      throw CoreException.of(Reason.MALFORMED,
              "a signature is a 4-byte key ID followed by at least one byte")
          .field(field)
          .expected("at least 5 bytes")
          .actual(raw.length + " bytes")
          .build();
    }
    int keyId = (raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | (raw[3] & 0xff);
    byte[] signature = new byte[raw.length - 4];
    System.arraycopy(raw, 4, signature, 0, signature.length);
    return new NoteSignature(name, keyId, signature);
  }

  /** The note as text: the body, a blank line, one line per signature. */
  public String text() {
    StringBuilder s = new StringBuilder(body).append('\n');
    for (NoteSignature sig : signatures) {
      s.append(sig.line()).append('\n');
    }
    return s.toString();
  }

  /**
   * Checks the note against one trusted key, as C2SP signed-note prescribes: signatures by other
   * keys (another name, or the same name with another key ID) are ignored, every signature by
   * {@code verifier}'s name and key ID must verify, and at least one must be present.
   *
   * @throws CoreException {@link Reason#SIGNATURE_INVALID} if a signature by the key does not
   *     verify, or if there is none
   */
  public void verify(NoteVerifier verifier) throws CoreException {
    byte[] message = body.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (NoteSignature sig : signatures) {
      if (sig.keyId() == verifier.keyId() && sig.name().equals(verifier.name())) {
        if (!verifier.verifies(message, sig.signature())) {
          throw CoreException.of(Reason.SIGNATURE_INVALID,
                  "the signature by " + sig.keyLabel() + " does not verify")
              .field("signature")
              .build();
        }
        found = true;
      }
    }
    if (!found) {
      StringBuilder present = new StringBuilder();
      for (NoteSignature sig : signatures) {
        present.append(present.length() == 0 ? "" : ", ").append(sig.keyLabel());
      }
      throw CoreException.of(Reason.SIGNATURE_INVALID, "the note has no signature by the trusted key")
          .field("signature")
          .expected(verifier.name() + "+" + NoteText.hex8(verifier.keyId()))
          .actual(present)
          .build();
    }
  }

  /** Refuses a body a note cannot carry (used for bodies we build ourselves). */
  static void checkBody(String body) {
    Objects.requireNonNull(body, "body");
    if (!body.endsWith("\n")) {
      throw new IllegalArgumentException("a note body ends in a newline");
    }
    int bad = NoteText.firstBadChar(body, true);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "a note body may not contain " + NoteText.describe(body.charAt(bad)) + " (at " + bad + ")");
    }
  }

  private static CoreException tooLarge(long bytes) {
    return CoreException.of(Reason.TOO_LARGE, "the note is too large")
        .field("note")
        .expected("at most " + MAX_NOTE_BYTES + " bytes")
        .actual(bytes + " bytes")
        .build();
  }
}
