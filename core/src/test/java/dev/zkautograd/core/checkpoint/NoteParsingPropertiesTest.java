package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.SeededCases;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the parsers of untrusted text ({@link SignedNote#parse}, {@link Checkpoint#parse},
 * {@link NoteVerifier#parse}, {@link NoteSigner#parse}) over seeded random cases: random and
 * mutated inputs never raise anything but {@link CoreException}, whatever is accepted is written
 * back byte for byte (one spelling per value), and a mutated note never verifies.
 */
class NoteParsingPropertiesTest {
  private static final NoteSigner LOG = CheckpointVectorGenerator.LOG;
  private static final NoteSigner WITNESS = CheckpointVectorGenerator.WITNESS;

  /** Pieces that make random text look like notes, keys and checkpoints. */
  private static final String[] TOKENS = {"\n", "\n\n", "\u2014 ", "\u2014", " ", "+", "=", "==",
      "/", "0", "8", "-1", "00", "AAAA", "x08go/ZJ", "zk-autograd/run-1", "PRIVATE+KEY+",
      "c74f20a3", "Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "\r", "\t", "\uD800", "\u00e9",
      "\u00a0", "\u2013 ", "9223372036854775808", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="};

  @Test
  void randomTextFailsOnlyWithCoreException() {
    NoteVerifier key = LOG.verifier();
    SeededCases.check("randomTextFailsOnlyWithCoreException", 5000, random -> {
      String text = random.nextBoolean() ? randomUnicode(random) : randomTokens(random);
      try {
        SignedNote note = SignedNote.parse(text);
        assertEquals(text, note.text());
        note.verify(key);
        fail("a random note verified: " + text);
      } catch (CoreException expected) {
        // the only way to fail
      }
      try {
        assertEquals(text, Checkpoint.parse(text).body());
      } catch (CoreException expected) {
        // the only way to fail
      }
      try {
        assertEquals(text, NoteVerifier.parse(text).encode());
      } catch (CoreException expected) {
        // the only way to fail
      }
      try {
        NoteSigner.parse(text, InsecureSecretAccess.get());
      } catch (CoreException expected) {
        // the only way to fail
      }
    });
  }

  @Test
  void randomBytesFailOnlyWithCoreException() {
    SeededCases.check("randomBytesFailOnlyWithCoreException", 3000, random -> {
      byte[] bytes = random.nextBoolean() ? new byte[random.nextInt(300)]
          : randomTokens(random).getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0 && random.nextInt(3) == 0) {
        random.nextBytes(bytes);
      } else if (bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      try {
        SignedNote note = SignedNote.parse(bytes);
        assertArrayEquals(bytes, note.text().getBytes(StandardCharsets.UTF_8));
        note.verify(LOG.verifier());
        fail("random bytes verified");
      } catch (CoreException expected) {
        // the only way to fail
      }
    });
  }

  @Test
  void mutatedNotesNeverVerify() {
    SeededCases.check("mutatedNotesNeverVerify", 2000, random -> {
      String body = random.nextBoolean()
          ? Checkpoint.of(LOG.name(), random.nextInt(1000), randomDigest(random)).body()
          : noteSafeText(random);
      String text = LOG.sign(body).text();
      String mutated = mutate(text, random);
      if (mutated.equals(text)) {
        return;
      }
      CoreException e = assertThrows(CoreException.class, () -> {
        SignedNote note = SignedNote.parse(mutated);
        note.verify(LOG.verifier());
      }, () -> "a mutated note verified:\n" + mutated);
      assertEquals(e.getClass(), CoreException.class);
    });
  }

  @Test
  void mutatedNoteBytesNeverVerify() {
    SeededCases.check("mutatedNoteBytesNeverVerify", 1000, random -> {
      byte[] text = LOG.sign(noteSafeText(random)).text().getBytes(StandardCharsets.UTF_8);
      byte[] mutated = text.clone();
      mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
      assertThrows(CoreException.class, () -> SignedNote.parse(mutated).verify(LOG.verifier()));
    });
  }

  /** Changing a witness's line leaves the log's signature valid: unknown keys are ignored. */
  @Test
  void mutatingAnUnknownSignatureDoesNotMatter() {
    SeededCases.check("mutatingAnUnknownSignatureDoesNotMatter", 300, random -> {
      String body = noteSafeText(random);
      NoteSignature log = LOG.sign(body).signatures().get(0);
      byte[] w = WITNESS.sign(body).signatures().get(0).signature();
      w[random.nextInt(w.length)] ^= 1;
      NoteSignature broken = new NoteSignature(WITNESS.name(), WITNESS.verifier().keyId(), w);
      SignedNote note = SignedNote.parse(new SignedNote(body, List.of(broken, log)).text());
      note.verify(LOG.verifier());
      assertThrows(CoreException.class, () -> note.verify(WITNESS.verifier()));
    });
  }

  @Test
  void checkpointsRoundTripAndMutationsStayCanonical() {
    SeededCases.check("checkpointsRoundTripAndMutationsStayCanonical", 3000, random -> {
      List<String> ext = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        ext.add(noteSafeLine(random));
      }
      Checkpoint cp = new Checkpoint(noteSafeLine(random),
          random.nextBoolean() ? random.nextInt(100) : random.nextLong() & Long.MAX_VALUE,
          randomDigest(random), ext);
      assertEquals(cp, Checkpoint.parse(cp.body()));
      String mutated = mutate(cp.body(), random);
      try {
        assertEquals(mutated, Checkpoint.parse(mutated).body(), "accepted, so canonical");
      } catch (CoreException expected) {
        // the only way to fail
      }
    });
  }

  @Test
  void mutatedVerifierKeysAreRefused() {
    SeededCases.check("mutatedVerifierKeysAreRefused", 3000, random -> {
      NoteSigner s = random.nextBoolean() ? LOG : WITNESS;
      String vkey = s.verifier().encode();
      String mutated = mutate(vkey, random);
      if (mutated.equals(vkey)) {
        return;
      }
      assertThrows(CoreException.class, () -> NoteVerifier.parse(mutated), mutated);
      String skey = s.encodePrivate(InsecureSecretAccess.get());
      String mutatedPrivate = mutate(skey, random);
      if (!mutatedPrivate.equals(skey)) {
        assertThrows(CoreException.class,
            () -> NoteSigner.parse(mutatedPrivate, InsecureSecretAccess.get()));
      }
    });
  }

  // ---------------------------------------------------------------- generators

  /** One random edit: replace, insert, delete or swap characters, or duplicate a slice. */
  static String mutate(String s, Random random) {
    StringBuilder b = new StringBuilder(s);
    int at = random.nextInt(s.length());
    switch (random.nextInt(5)) {
      case 0:
        b.setCharAt(at, randomChar(random));
        break;
      case 1:
        b.insert(at, randomChar(random));
        break;
      case 2:
        b.deleteCharAt(at);
        break;
      case 3:
        if (at + 1 < b.length()) {
          char c = b.charAt(at);
          b.setCharAt(at, b.charAt(at + 1));
          b.setCharAt(at + 1, c);
        }
        break;
      default:
        int end = Math.min(s.length(), at + 1 + random.nextInt(8));
        b.insert(at, s, at, end);
    }
    return b.toString();
  }

  private static char randomChar(Random random) {
    String special = "\n \u2014+=/09AaZz-\u00e9\r\t";
    switch (random.nextInt(3)) {
      case 0:
        return special.charAt(random.nextInt(special.length()));
      case 1:
        return (char) (0x20 + random.nextInt(0x5f));
      default:
        return (char) random.nextInt(0x10000);
    }
  }

  static String randomUnicode(Random random) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(200); n > 0; n--) {
      int cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x80);
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  static String randomTokens(Random random) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(40); n > 0; n--) {
      b.append(TOKENS[random.nextInt(TOKENS.length)]);
    }
    return b.toString();
  }

  /** Text a note may carry: lines of printable characters, each ending in a newline. */
  static String noteSafeText(Random random) {
    StringBuilder b = new StringBuilder();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      b.append(random.nextInt(5) == 0 ? "" : noteSafeLine(random)).append('\n');
    }
    return b.toString();
  }

  static String noteSafeLine(Random random) {
    StringBuilder b = new StringBuilder();
    for (int n = 1 + random.nextInt(30); n > 0; n--) {
      int cp = random.nextInt(5) == 0 ? 0xa0 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f);
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  static Digest randomDigest(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Digest.of(b);
  }
}
