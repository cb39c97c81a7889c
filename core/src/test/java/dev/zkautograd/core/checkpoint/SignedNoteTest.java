package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  private static final NoteSigner LOG = CheckpointVectorGenerator.LOG;

  @Test
  void signThenParseThenVerify() throws CoreException {
    SignedNote note = LOG.sign("hello\n");
    assertTrue(note.text().startsWith("hello\n\n\u2014 " + LOG.name() + " "), note.text());
    SignedNote parsed = SignedNote.parse(note.text());
    assertEquals(note, parsed);
    parsed.verify(LOG.verifier());
  }

  @Test
  void theBodyEndsAtTheLastBlankLine() throws CoreException {
    SignedNote note = LOG.sign("a\n\nb\n\n");
    SignedNote parsed = SignedNote.parse(note.text());
    assertEquals("a\n\nb\n\n", parsed.body());
    parsed.verify(LOG.verifier());
    SignedNote minimal = SignedNote.parse(LOG.sign("\n").text());
    assertEquals("\n", minimal.body());
  }

  @Test
  void signRefusesBodiesANoteCannotCarry() {
    assertThrows(IllegalArgumentException.class, () -> LOG.sign("no newline"));
    assertThrows(IllegalArgumentException.class, () -> LOG.sign("tab\there\n"));
    assertThrows(IllegalArgumentException.class, () -> LOG.sign("lone \uD800 surrogate\n"));
    assertThrows(IllegalArgumentException.class,
        () -> new SignedNote("x\n", List.of()));
  }

  @Test
  void sizeLimitsAreEnforcedBeforeParsing() {
    byte[] big = new byte[SignedNote.MAX_NOTE_BYTES + 1];
    assertEquals(Reason.TOO_LARGE,
        assertThrows(CoreException.class, () -> SignedNote.parse(big)).reason());
    String bigText = "\u00e9".repeat(SignedNote.MAX_NOTE_BYTES / 2 + 1); // 2 UTF-8 bytes each
    assertEquals(Reason.TOO_LARGE,
        assertThrows(CoreException.class, () -> SignedNote.parse(bigText)).reason());
  }

  @Test
  void unicodeSpacesAreNotAllowedInKeyNames() {
    for (char space : new char[] {' ', '\u00a0', '\u1680', '\u2003', '\u2028', '\u202f', '\u3000'}) {
      assertFalse(NoteText.isKeyName("a" + space + "b"), Integer.toHexString(space));
      assertThrows(IllegalArgumentException.class,
          () -> NoteSigner.generate("a" + space + "b", new SecureRandom()));
    }
    assertFalse(NoteText.isKeyName("a+b"));
    assertFalse(NoteText.isKeyName(""));
    assertTrue(NoteText.isKeyName("zk-autograd/run-1"));
    assertTrue(NoteText.isKeyName("\u00e9t\u00e9.example/\uD83D\uDE00"));
  }

  @Test
  void aLoneSurrogateIsNotUnicode() {
    String text = LOG.sign("x\n").text().replace("x", "\uDC00");
    assertEquals(Reason.MALFORMED,
        assertThrows(CoreException.class, () -> SignedNote.parse(text)).reason());
  }

  @Test
  void verificationNamesTheKeysPresent() throws CoreException {
    NoteSigner witness = CheckpointVectorGenerator.WITNESS;
    SignedNote note = SignedNote.parse(witness.sign("x\n").text());
    CoreException e = assertThrows(CoreException.class, () -> note.verify(LOG.verifier()));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertEquals(witness.name() + "+" + NoteText.hex8(witness.verifier().keyId()), e.actual());
  }

  @Test
  void signaturesAreDeterministic() {
    assertEquals(LOG.sign("same\n"), LOG.sign("same\n"));
    assertNotEquals(LOG.sign("same\n"), LOG.sign("other\n"));
  }

  @Test
  void keysRoundTripAndNeverPrintTheSeed() throws CoreException {
    InsecureSecretAccess access = InsecureSecretAccess.get();
    NoteSigner s = NoteSigner.generate("example.com/log", new SecureRandom());
    String skey = s.encodePrivate(access);
    NoteSigner back = NoteSigner.parse(skey, access);
    assertEquals(s.verifier(), back.verifier());
    assertEquals(s.verifier(), NoteVerifier.parse(s.verifier().encode()));
    String seedB64 = skey.split("\\+", 5)[4];
    assertFalse(s.toString().contains(seedB64.substring(2, 20)));
    CoreException e = assertThrows(CoreException.class,
        () -> NoteSigner.parse(skey.replace("example.com/log", "example.com/other"), access));
    assertFalse(e.getMessage().contains(seedB64.substring(2, 20)));
    assertEquals(Reason.BAD_FIELD, e.reason());
  }

  @Test
  void aKeyThatIsNotACurvePointIsRefused() {
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2; // y = 2 has no x on edwards25519
    String vkey = "k+" + NoteText.hex8(NoteVerifier.keyId("k", notAPoint)) + "+"
        + StrictBase64.encode(NoteVerifier.typed(notAPoint));
    CoreException e = assertThrows(CoreException.class, () -> NoteVerifier.parse(vkey));
    assertEquals(Reason.BAD_FIELD, e.reason());
    assertEquals("key", e.field());
  }

  @Test
  void parseBytesAgreesWithParseText() throws CoreException {
    String text = LOG.sign("caf\u00e9 \u2014 ok\n").text();
    assertEquals(SignedNote.parse(text), SignedNote.parse(text.getBytes(StandardCharsets.UTF_8)));
  }
}
