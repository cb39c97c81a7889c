package dev.zkautograd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with Go's {@code golang.org/x/mod/sumdb/note}, the reference implementation of
 * signed notes, using the keys and messages of its own tests (note_test.go), and with the C2SP
 * tlog-checkpoint example. The vectors in {@code vectors/checkpoint/interop} cover verification;
 * this test covers signing and the key manglings Go's tests try.
 */
class GoNoteInteropTest {
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String SIGNED = TEXT + "\n"
      + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void signingWithGosKeyGivesGosSignedNoteByteForByte() throws CoreException {
    NoteSigner peter = NoteSigner.parse(PETER_SKEY, InsecureSecretAccess.get());
    assertEquals("PeterNeumann", peter.name());
    assertEquals(PETER_VKEY, peter.verifier().encode());
    SignedNote note = peter.sign(TEXT);
    assertEquals(SIGNED, note.text());
    note.verify(NoteVerifier.parse(PETER_VKEY));
  }

  @Test
  void keyIdIsTheDocumentedHash() throws CoreException {
    NoteVerifier v = NoteVerifier.parse(PETER_VKEY);
    assertEquals(0xc74f20a3, v.keyId());
    assertEquals(0xc74f20a3, NoteVerifier.keyId("PeterNeumann", v.publicKey()));
  }

  /** Go's TestNewVerifier: every proper substring and every one-character increment is refused. */
  @Test
  void everyManglingOfAVerifierKeyIsRefused() {
    forEveryMangling(PETER_VKEY, k -> NoteVerifier.parse(k));
  }

  /** Go's TestNewSigner, likewise for the private key. */
  @Test
  void everyManglingOfAPrivateKeyIsRefused() {
    forEveryMangling(PETER_SKEY, k -> NoteSigner.parse(k, InsecureSecretAccess.get()));
  }

  interface KeyParser {
    void parse(String key) throws CoreException;
  }

  private static void forEveryMangling(String key, KeyParser parser) {
    for (int i = 0; i <= key.length(); i++) {
      for (int j = i + 1; j <= key.length(); j++) {
        if (i != 0 || j != key.length()) {
          String k = key.substring(i, j);
          assertThrows(CoreException.class, () -> parser.parse(k), k);
        }
      }
    }
    for (int i = 0; i < key.length(); i++) {
      char[] c = key.toCharArray();
      c[i]++;
      String k = new String(c);
      assertThrows(CoreException.class, () -> parser.parse(k), k);
    }
  }

  /** Go's badMsgs entry "\xff" + text: not UTF-8. */
  @Test
  void invalidUtf8IsMalformed() {
    byte[] text = SIGNED.getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[text.length + 1];
    bad[0] = (byte) 0xff;
    System.arraycopy(text, 0, bad, 1, text.length);
    CoreException e = assertThrows(CoreException.class, () -> SignedNote.parse(bad));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  /** The example at the top of C2SP tlog-checkpoint (its signing key is not published). */
  @Test
  void c2spCheckpointExampleParses() throws CoreException {
    SignedNote note = SignedNote.parse("example.com/behind-the-sofa\n20852163\n"
        + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
        + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n");
    Checkpoint cp = Checkpoint.parse(note.body());
    assertEquals("example.com/behind-the-sofa", cp.origin());
    assertEquals(20852163, cp.size());
    assertEquals("0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62", cp.root().hex());
    assertEquals(0x033de0ae, note.signatures().get(0).keyId());
    assertEquals(64, note.signatures().get(0).signature().length);
  }
}
