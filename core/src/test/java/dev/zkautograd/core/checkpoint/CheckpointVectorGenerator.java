package dev.zkautograd.core.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.log.VectorFiles;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.util.encoders.Hex;

/**
 * Generates the golden and deliberately broken vectors of signed checkpoints under {@code
 * vectors/checkpoint/{notes,keys}/}, and the seed corpus of {@code SignedNoteFuzzTest}. Keys come
 * from fixed seeds and Ed25519 is deterministic, so the output is the same on every run; {@code
 * CheckpointVectorsTest} checks that the committed files are exactly what this writes. The {@code
 * interop/} folder beside them is third-party material written by hand.
 *
 * <p>Run from the repository root after changing the format or adding a case:
 *
 * <pre>
 * mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.zkautograd.core.checkpoint.CheckpointVectorGenerator
 * </pre>
 */
public final class CheckpointVectorGenerator {
  /** The folders under vectors/checkpoint this generator owns. */
  public static final List<String> FOLDERS = List.of("notes", "keys");
  /** Where the fuzz test's seed corpus lives, relative to src/test/resources. */
  public static final String FUZZ_SEEDS =
      "dev/zkautograd/core/checkpoint/SignedNoteFuzzTestInputs/parseAndVerify";

  static final String RUN_ID = "run-20261124-101500";
  static final String ORIGIN = RunLayout.origin(RUN_ID);
  static final NoteSigner LOG = signer(ORIGIN, "log");
  static final NoteSigner SAME_NAME_OTHER_KEY = signer(ORIGIN, "same name, other key");
  static final NoteSigner WITNESS = signer("witness.example/w1", "witness");

  private final SortedMap<String, String> vectors = new TreeMap<>();
  private final SortedMap<String, String> seeds = new TreeMap<>();
  private final MerkleTree tree = referenceTree();

  public static void main(String[] args) throws IOException {
    Path root = args.length > 0 ? Path.of(args[0]) : VectorFiles.root();
    CheckpointVectorGenerator g = generator();
    VectorFiles.writeAll(root.resolve("checkpoint"), g.vectors);
    VectorFiles.writeAll(root.resolve("..").resolve(FUZZ_SEEDS).normalize(), g.seeds);
    System.out.println("wrote " + g.vectors.size() + " vectors and " + g.seeds.size()
        + " fuzz seeds under " + root);
  }

  /** The vectors: path relative to vectors/checkpoint → content. */
  public static SortedMap<String, String> vectors() {
    return generator().vectors;
  }

  /** The fuzz seeds: file name → content. */
  public static SortedMap<String, String> fuzzSeeds() {
    return generator().seeds;
  }

  private static CheckpointVectorGenerator generator() {
    CheckpointVectorGenerator g = new CheckpointVectorGenerator();
    g.notes();
    g.keys();
    return g;
  }

  /** A signer whose seed is SHA-256 of a fixed label: reproducible, and obviously a test key. */
  static NoteSigner signer(String name, String label) {
    byte[] seed = Digest.sha256(("zk-autograd checkpoint test vector key: " + label)
        .getBytes(StandardCharsets.UTF_8)).bytes();
    return NoteSigner.fromSeed(name, SecretBytes.copyFrom(seed, InsecureSecretAccess.get()));
  }

  private static MerkleTree referenceTree() {
    String[] inputs = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    List<Digest> leaves = new ArrayList<>();
    for (String hex : inputs) {
      leaves.add(MerkleTree.leafHash(Hex.decode(hex)));
    }
    return MerkleTree.ofLeafHashes(leaves);
  }

  // ---------------------------------------------------------------- notes

  private void notes() {
    Checkpoint cp8 = Checkpoint.of(ORIGIN, 8, tree.root());
    SignedNote good = LOG.sign(cp8.body());
    String text = good.text();
    NoteSignature logSig = good.signatures().get(0);

    goodCheckpoint("good", "a run checkpoint of the RFC 9162 reference tree (8 leaves)", good, cp8);
    Checkpoint cp0 = Checkpoint.of(ORIGIN, 0, MerkleTree.emptyRoot());
    goodCheckpoint("good-empty-tree", "a run that has not logged a step yet", LOG.sign(cp0.body()),
        cp0);
    Checkpoint ext = new Checkpoint(ORIGIN, 8, tree.root(),
        List.of("opaque extension line", "\u00e9t\u00e9 \u2014 any non-empty UTF-8 line"));
    goodCheckpoint("good-with-extension-lines", "extension lines are kept and signed",
        LOG.sign(ext.body()), ext);
    NoteSignature witnessSig = WITNESS.sign(cp8.body()).signatures().get(0);
    goodCheckpoint("good-cosigned-by-unknown-witness",
        "a witness cosignature by a key the verifier does not know is ignored",
        new SignedNote(cp8.body(), List.of(logSig, witnessSig)), cp8);
    goodCheckpoint("good-witness-signature-first", "the order of signature lines does not matter",
        new SignedNote(cp8.body(), List.of(witnessSig, logSig)), cp8);
    NoteSignature otherSig = SAME_NAME_OTHER_KEY.sign(cp8.body()).signatures().get(0);
    goodCheckpoint("good-other-key-with-same-name",
        "a signature by another key with the log's name (another key ID) is ignored",
        new SignedNote(cp8.body(), List.of(otherSig, logSig)), cp8);
    goodCheckpoint("good-duplicate-signature-line",
        "the log's signature line twice: C2SP says every signature by a known key must verify,"
            + " and both do", new SignedNote(cp8.body(), List.of(logSig, logSig)), cp8);
    NoteSignature garbage = new NoteSignature("witness.example/w1", WITNESS.verifier().keyId(),
        new byte[] {1, 2, 3});
    goodCheckpoint("good-unverifiable-unknown-signature",
        "a 3-byte 'signature' by an unknown key is ignored, not checked",
        new SignedNote(cp8.body(), List.of(logSig, garbage)), cp8);

    // Changed after signing: the signature no longer covers the text.
    bad("size-changed-after-signing", "tree size 8 replaced by 9 in a signed checkpoint",
        text.replaceFirst("\n8\n", "\n9\n"), Reason.SIGNATURE_INVALID);
    String rootB64 = cp8.body().split("\n")[2];
    String otherRootB64 = Checkpoint.of(ORIGIN, 7, tree.root(7)).body().split("\n")[2];
    bad("root-changed-after-signing", "the root replaced by the 7-leaf root",
        text.replace(rootB64, otherRootB64), Reason.SIGNATURE_INVALID);
    bad("origin-changed-after-signing", "another run id in the signed origin line",
        text.replaceFirst(RUN_ID, "run-20261124-101501"), Reason.SIGNATURE_INVALID);
    byte[] flipped = logSig.signature();
    flipped[10] ^= 1;
    bad("signature-bit-flipped", "one bit of the Ed25519 signature flipped",
        note(cp8.body(), sig(logSig.name(), logSig.keyId(), flipped)), Reason.SIGNATURE_INVALID);
    bad("signature-truncated-to-63-bytes", "the log's key, but a 63-byte signature",
        note(cp8.body(), sig(logSig.name(), logSig.keyId(), slice(logSig.signature(), 63))),
        Reason.SIGNATURE_INVALID);
    bad("key-id-changed", "the key ID in the signature changed: no signature by the log's key",
        note(cp8.body(), sig(logSig.name(), logSig.keyId() + 1, logSig.signature())),
        Reason.SIGNATURE_INVALID);
    bad("signed-by-other-key-with-same-name", "only a signature by another key named like the log",
        new SignedNote(cp8.body(), List.of(otherSig)).text(), Reason.SIGNATURE_INVALID);
    bad("signed-by-witness-only", "only the witness signed",
        new SignedNote(cp8.body(), List.of(witnessSig)).text(), Reason.SIGNATURE_INVALID);
    bad("second-log-signature-invalid",
        "a valid and an invalid signature by the log's key: every signature by a known key must"
            + " verify", note(cp8.body(), logSig, sig(logSig.name(), logSig.keyId(), flipped)),
        Reason.SIGNATURE_INVALID);
    bad("signature-moved-to-other-checkpoint", "the signature of size 8 under the body of size 7",
        note(Checkpoint.of(ORIGIN, 7, tree.root(7)).body(), logSig), Reason.SIGNATURE_INVALID);

    // Not a signed note.
    bad("missing-blank-line", "no blank line between body and signatures",
        text.replace("\n\n", "\n"), Reason.MALFORMED);
    bad("no-signature-lines", "the body and the blank line only", cp8.body() + "\n",
        Reason.MALFORMED);
    bad("hyphen-instead-of-em-dash", "'-' instead of U+2014", text.replace("\u2014 ", "- "),
        Reason.MALFORMED);
    bad("en-dash-instead-of-em-dash", "U+2013 instead of U+2014",
        text.replace("\u2014 ", "\u2013 "), Reason.MALFORMED);
    bad("two-spaces-after-em-dash", "'—  name'", text.replace("\u2014 ", "\u2014  "),
        Reason.BAD_FIELD);
    bad("missing-final-newline", "the last signature line does not end in a newline",
        text.substring(0, text.length() - 1), Reason.MALFORMED);
    bad("crlf-line-endings", "CR LF line ends (a control character)", text.replace("\n", "\r\n"),
        Reason.MALFORMED);
    bad("tab-in-origin", "a tab (a control character) in the origin line",
        text.replaceFirst(RUN_ID, RUN_ID + "\t"), Reason.MALFORMED);
    bad("trailing-line-after-signatures", "a line that is not a signature line at the end",
        text + "trailing words\n", Reason.MALFORMED);
    String line = logSig.line();
    String b64 = line.substring(line.lastIndexOf(' ') + 1);
    bad("signature-base64-unpadded", "the '=' padding of the signature removed",
        text.replace(b64, b64.substring(0, b64.length() - 1)), Reason.MALFORMED);
    bad("signature-base64-stray-bits",
        "the last base64 character changed in bits that encode nothing: a second spelling of the"
            + " same signature", text.replace(b64, strayBits(b64)), Reason.NOT_CANONICAL);
    bad("signature-base64-with-space", "a space inside the base64 signature",
        text.replace(b64, b64.substring(0, 8) + " " + b64.substring(8)), Reason.MALFORMED);
    bad("signature-shorter-than-five-bytes", "a 4-byte signature: a key ID and nothing else",
        note(cp8.body()) + "\u2014 " + ORIGIN + " " + StrictBase64.encode(new byte[4]) + "\n",
        Reason.MALFORMED);
    bad("key-name-with-plus", "a '+' in the signature's key name",
        text.replace("\u2014 " + ORIGIN, "\u2014 zk-autograd+" + RUN_ID), Reason.BAD_FIELD);
    StringBuilder many = new StringBuilder(text);
    for (int i = 0; i < SignedNote.MAX_SIGNATURES; i++) {
      many.append(witnessSig.line()).append('\n');
    }
    bad("too-many-signatures", (SignedNote.MAX_SIGNATURES + 1) + " signature lines",
        many.toString(), Reason.TOO_LARGE);

    // Correctly signed, but not a valid checkpoint (or not this run's).
    badBody("wrong-origin", "a valid checkpoint of another run", RunLayout.origin(
        "run-20261124-101501") + "\n8\n" + rootB64 + "\n", Reason.BAD_FIELD);
    badBody("empty-origin", "the first line is empty", "\n8\n" + rootB64 + "\n",
        Reason.MISSING_FIELD);
    badBody("root-missing", "only origin and size", ORIGIN + "\n8\n", Reason.MISSING_FIELD);
    badBody("size-with-leading-zero", "size written 08", ORIGIN + "\n08\n" + rootB64 + "\n",
        Reason.NOT_CANONICAL);
    badBody("size-negative", "size -8", ORIGIN + "\n-8\n" + rootB64 + "\n", Reason.BAD_FIELD);
    badBody("size-with-plus-sign", "size +8", ORIGIN + "\n+8\n" + rootB64 + "\n",
        Reason.BAD_FIELD);
    badBody("size-with-space", "size ' 8'", ORIGIN + "\n 8\n" + rootB64 + "\n",
        Reason.BAD_FIELD);
    badBody("size-beyond-2-pow-63", "size 9223372036854775808",
        ORIGIN + "\n9223372036854775808\n" + rootB64 + "\n", Reason.TOO_LARGE);
    badBody("root-31-bytes", "a 31-byte root", ORIGIN + "\n8\n"
        + StrictBase64.encode(slice(tree.root().bytes(), 31)) + "\n", Reason.BAD_FIELD);
    badBody("root-in-hex", "the root in hex, which happens to be valid base64 of 48 bytes",
        ORIGIN + "\n8\n" + tree.root().hex() + "\n", Reason.BAD_FIELD);
    badBody("root-base64-unpadded", "the root's '=' removed",
        ORIGIN + "\n8\n" + rootB64.substring(0, rootB64.length() - 1) + "\n", Reason.MALFORMED);
    badBody("empty-extension-line", "an empty line after the root",
        ORIGIN + "\n8\n" + rootB64 + "\n\nextension\n", Reason.MALFORMED);
  }

  private void goodCheckpoint(String name, String description, SignedNote note, Checkpoint want) {
    ObjectNode v = noteVector(description, note.text(), null);
    ObjectNode w = v.putObject("want");
    w.put("size", want.size());
    w.put("root", want.root().hex());
    ArrayNode ext = w.putArray("extensions");
    want.extensions().forEach(ext::add);
    put("notes/" + name + ".json", v, note.text());
  }

  private void bad(String name, String description, String text, Reason reason) {
    put("notes/" + name + ".json", noteVector(description, text, reason), text);
  }

  /** A body that the log really signed, but which is not the checkpoint the verifier expects. */
  private void badBody(String name, String description, String body, Reason reason) {
    bad(name, description + " (correctly signed by the log key)", LOG.sign(body).text(), reason);
  }

  private static ObjectNode noteVector(String description, String text, Reason reason) {
    ObjectNode v = VectorFiles.object();
    v.put("description", description);
    v.put("verifierKey", LOG.verifier().encode());
    v.put("origin", ORIGIN);
    v.put("note", text);
    v.put("wantErr", reason == null ? null : reason.name());
    return v;
  }

  // ---------------------------------------------------------------- keys

  private void keys() {
    InsecureSecretAccess access = InsecureSecretAccess.get();
    String vkey = LOG.verifier().encode();
    String skey = LOG.encodePrivate(access);
    goodKey("good-run-log-key", "the test log key of the vectors in notes/: its private and"
        + " verifier key", skey, vkey);
    goodKey("good-witness-key", "the test witness key", WITNESS.encodePrivate(access),
        WITNESS.verifier().encode());
    String[] parts = vkey.split("\\+", 3);
    String name = parts[0];
    String id = parts[1];
    String key = parts[2];
    badKey("verifier-key-id-wrong", "the key ID of another key", null,
        name + "+" + NoteText.hex8(SAME_NAME_OTHER_KEY.verifier().keyId()) + "+" + key,
        Reason.BAD_FIELD);
    badKey("verifier-key-name-changed", "another name: the key ID no longer matches", null,
        RunLayout.origin("run-20261124-101501") + "+" + id + "+" + key, Reason.BAD_FIELD);
    badKey("verifier-key-id-uppercase", "the key ID in upper-case hex", null,
        name + "+" + id.toUpperCase(Locale.ROOT) + "+" + key, Reason.BAD_FIELD);
    badKey("verifier-key-id-seven-digits", "a 7-digit key ID", null,
        name + "+" + id.substring(1) + "+" + key, Reason.BAD_FIELD);
    byte[] typed = Base64.getDecoder().decode(key);
    typed[0] = 0x02;
    badKey("verifier-key-type-ecdsa", "signature type 0x02 (ECDSA), which is not supported", null,
        name + "+" + id + "+" + StrictBase64.encode(typed), Reason.UNSUPPORTED_VERSION);
    badKey("verifier-key-31-bytes", "a public key one byte short", null,
        name + "+" + id + "+" + StrictBase64.encode(slice(Base64.getDecoder().decode(key), 32)),
        Reason.BAD_FIELD);
    badKey("verifier-key-name-with-space", "a space in the key name", null,
        "zk-autograd/run 1+" + id + "+" + key, Reason.BAD_FIELD);
    badKey("verifier-key-name-empty", "no name", null, "+" + id + "+" + key, Reason.BAD_FIELD);
    badKey("verifier-key-two-parts", "name and key ID only", null, name + "+" + id,
        Reason.MALFORMED);
    badKey("verifier-key-not-base64", "'*' in the key", null,
        name + "+" + id + "+" + key.substring(0, 10) + "*" + key.substring(11), Reason.MALFORMED);
    String[] sparts = skey.split("\\+", 5);
    badKey("private-key-id-wrong", "a private key whose key ID is not its public key's",
        "PRIVATE+KEY+" + sparts[2] + "+" + NoteText.hex8(WITNESS.verifier().keyId()) + "+"
            + sparts[4], null, Reason.BAD_FIELD);
    badKey("private-key-without-prefix", "a private key without PRIVATE+KEY+",
        skey.substring("PRIVATE+KEY+".length()), null, Reason.MALFORMED);
    badKey("private-key-is-a-verifier-key", "a verifier key where a private key belongs",
        vkey, null, Reason.MALFORMED);
  }

  private void goodKey(String name, String description, String privateKey, String verifierKey) {
    put("keys/" + name + ".json", keyVector(description, privateKey, verifierKey, null), null);
  }

  private void badKey(String name, String description, String privateKey, String verifierKey,
      Reason reason) {
    put("keys/" + name + ".json", keyVector(description, privateKey, verifierKey, reason), null);
  }

  private static ObjectNode keyVector(String description, String privateKey, String verifierKey,
      Reason reason) {
    ObjectNode v = VectorFiles.object();
    v.put("description", description);
    if (privateKey != null) {
      v.put("privateKey", privateKey);
    }
    if (verifierKey != null) {
      v.put("verifierKey", verifierKey);
    }
    v.put("wantErr", reason == null ? null : reason.name());
    return v;
  }

  // ---------------------------------------------------------------- helpers

  private void put(String name, ObjectNode vector, String seedText) {
    if (vectors.put(name, VectorFiles.write(vector)) != null) {
      throw new IllegalStateException("two vectors named " + name);
    }
    if (seedText != null) {
      seeds.put(name.substring(name.indexOf('/') + 1).replace(".json", ".note"), seedText);
    }
  }

  private static NoteSignature sig(String name, int keyId, byte[] signature) {
    return new NoteSignature(name, keyId, signature);
  }

  /** The note text of {@code body} with {@code signatures}, without the record's checks. */
  private static String note(String body, NoteSignature... signatures) {
    StringBuilder s = new StringBuilder(body).append('\n');
    for (NoteSignature sig : signatures) {
      s.append(sig.line()).append('\n');
    }
    return s.toString();
  }

  private static byte[] slice(byte[] b, int n) {
    byte[] out = new byte[n];
    System.arraycopy(b, 0, out, 0, n);
    return out;
  }

  /** Sets a bit of the last base64 character that encodes nothing (the text ends in one '='). */
  private static String strayBits(String b64) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int at = b64.length() - 2;
    int v = alphabet.indexOf(b64.charAt(at)) | 1;
    return b64.substring(0, at) + alphabet.charAt(v) + b64.substring(at + 1);
  }
}
