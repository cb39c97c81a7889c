package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.checkpoint.NoteVerifier;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonEdit;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RunManifestTest {

  private static JsonValue golden() throws Exception {
    return Json.parse(Files.readAllBytes(VectorsTest.VECTORS.resolve("run/golden-run-chunked/run_manifest.json")));
  }

  private static CoreException refused(JsonValue doc) {
    return assertThrows(CoreException.class, () -> SignedManifest.parse(Json.write(doc)));
  }

  private static NoteSigner runKey() {
    return RunFixtures.signer(VectorGenerator.RUN_ID, VectorGenerator.KEY_SEED);
  }

  @Test
  void round_trips_and_takes_a_torrent() throws Exception {
    SignedManifest s = SignedManifest.parse(Json.write(golden()));
    s.verify(runKey().verifier());
    assertEquals(s, SignedManifest.parse(s.bytes()));
    RunManifest t = s.manifest().withTorrent(new RunManifest.Torrent("0123456789abcdef0123456789abcdef01234567", "magnet:?xt=urn:btih:0123"));
    SignedManifest signedT = SignedManifest.sign(t, runKey());
    assertEquals(signedT, SignedManifest.parse(signedT.bytes()));
    signedT.verify(runKey().verifier());
    String pretty = new String(s.bytes(), java.nio.charset.StandardCharsets.UTF_8).replace(",", ",\n  ");
    SignedManifest relaid = SignedManifest.parse(pretty.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(s, relaid, "any JSON layout is read");
    relaid.verify(runKey().verifier());
  }

  @Test
  void signature_covers_every_member_and_only_the_run_key_makes_it() throws Exception {
    JsonValue g = golden();
    NoteVerifier key = runKey().verifier();
    for (String[] edit : new String[][] {{"created", "2026-11-24T10:15:01Z"}, {"model.name", "tiny-mlq"}, {"model.extra", "x"},
        {"optimizer.lr", "42951"}}) {
      SignedManifest edited = SignedManifest.parse(Json.write(JsonEdit.set(g, edit[0], new JsonString(edit[1]))));
      CoreException e = assertThrows(CoreException.class, () -> edited.verify(key), edit[0]);
      assertEquals(Reason.SIGNATURE_INVALID, e.reason());
      assertEquals(RunLayout.MANIFEST, e.file());
      assertEquals("signature", e.field());
    }
    SignedManifest s = SignedManifest.parse(Json.write(g));
    NoteSigner other = RunFixtures.signer(VectorGenerator.RUN_ID, VectorGenerator.KEY_SEED + 1);
    assertEquals(Reason.SIGNATURE_INVALID, assertThrows(CoreException.class, () -> s.verify(other.verifier())).reason());
    assertThrows(IllegalArgumentException.class, () -> SignedManifest.sign(s.manifest(), other), "signs only with the key it names");
    CoreException missing = refused(((JsonObject) g).without("signature"));
    assertEquals(Reason.MISSING_FIELD, missing.reason());
    assertEquals("signature", missing.field());
    assertEquals(Reason.UNSUPPORTED_VERSION, refused(JsonEdit.set(((JsonObject) g).without("signature"), "format",
        new JsonString("zk-autograd/manifest/v2"))).reason(), "another version says so rather than 'unsigned'");
    assertEquals(Reason.BAD_FIELD, refused(JsonEdit.set(g, "signature", new JsonString("AAAA"))).reason());
    assertEquals(Reason.BAD_FIELD, refused(JsonEdit.set(g, "signature", JsonNumber.of(1))).reason());
  }

  @Test
  void a_checkpoint_signature_is_not_a_manifest_signature() throws Exception {
    // Domain separation: a note signature over some body never verifies as the manifest's signature.
    SignedManifest s = SignedManifest.parse(Json.write(golden()));
    byte[] noteSig = runKey().sign("zk-autograd/" + VectorGenerator.RUN_ID + "\n3\nAAAA\n").signatures().get(0).signature();
    SignedManifest forged = SignedManifest.parse(Json.write(JsonEdit.set(golden(), "signature",
        new JsonString(dev.zkautograd.core.checkpoint.StrictBase64.encode(noteSig)))));
    assertEquals(Reason.SIGNATURE_INVALID, assertThrows(CoreException.class, () -> forged.verify(runKey().verifier())).reason());
    assertEquals(s.manifest(), forged.manifest());
  }

  @Test
  void refuses_inconsistent_or_unknown_content_naming_the_field() throws Exception {
    JsonValue g = golden();
    CoreException open = refused(JsonEdit.set(g, "status", new JsonString("open")));
    assertEquals(Reason.BAD_FIELD, open.reason());
    assertEquals(RunLayout.MANIFEST, open.file());
    assertEquals("log.size", refused(JsonEdit.set(g, "log.size", JsonNumber.of(2))).field());
    assertEquals("files[1].path", refused(JsonEdit.set(g, "files[1].path", new JsonString("a"))).field());
    assertEquals("files[0].path", refused(JsonEdit.set(g, "files[0].path", new JsonString("../x"))).field());
    assertEquals("torrent.info_hash", refused(JsonEdit.set(g, "torrent",
        JsonObject.builder().put("info_hash", "XYZ").put("magnet", "magnet:?").build())).field());
    assertEquals("torrent.magnet", refused(JsonEdit.set(g, "torrent",
        JsonObject.builder().put("info_hash", "0123456789abcdef0123456789abcdef01234567").put("magnet", "http://x").build())).field());
    assertEquals("model.Name", refused(JsonEdit.set(g, "model.Name", new JsonString("x"))).field());
    assertEquals("chunks", refused(JsonEdit.set(g, "chunks", JsonNumber.of(1001))).field());
    assertEquals("created", refused(JsonEdit.set(g, "created", new JsonString("2026-13-01T00:00:00Z"))).field());
    String key = ((JsonString) ((JsonObject) ((JsonObject) g).get("log")).get("verifier_key")).value();
    CoreException otherName = refused(JsonEdit.set(g, "run", new JsonString("run-other")));
    assertEquals("log.verifier_key", otherName.field());
    assertEquals(Reason.MALFORMED, refused(JsonEdit.set(g, "log.verifier_key", new JsonString(key.substring(0, 40)))).reason());
  }

  @Test
  void anchors_round_trip_and_refuse_a_counter_that_does_not_increase() throws Exception {
    byte[] bytes = Files.readAllBytes(VectorsTest.VECTORS.resolve("run/golden-run/anchors.json"));
    Anchors a = Anchors.parse(bytes);
    assertEquals(a, Anchors.parse(a.bytes()));
    AnchorReceipt r = a.receipts().get(0);
    AnchorReceipt later = new AnchorReceipt(r.kind(), 2, r.treeSize(), r.root(), r.time(), r.ref());
    assertEquals(2, Anchors.parse(a.with(later).bytes()).receipts().size());
    AnchorReceipt other = new AnchorReceipt("dynamodb", 1, r.treeSize(), r.root(), r.time(), r.ref());
    assertEquals(3, a.with(later).with(other).receipts().size(), "counters are per kind");
    assertThrows(IllegalArgumentException.class, () -> a.with(r));
    JsonValue doc = Json.parse(bytes);
    assertEquals("anchors[0].counter", assertThrows(CoreException.class, () -> Anchors.parse(Json.write(
        JsonEdit.set(doc, "anchors[0].counter", JsonNumber.of(0))))).field());
    assertEquals("anchors[0].kind", assertThrows(CoreException.class, () -> Anchors.parse(Json.write(
        JsonEdit.set(doc, "anchors[0].kind", new JsonString("File Counter"))))).field());
  }
}
