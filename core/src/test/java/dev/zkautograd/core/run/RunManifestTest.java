package dev.zkautograd.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
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
    return assertThrows(CoreException.class, () -> RunManifest.parse(Json.write(doc)));
  }

  @Test
  void round_trips_and_takes_a_torrent() throws Exception {
    RunManifest m = RunManifest.parse(Json.write(golden()));
    assertEquals(m, RunManifest.parse(m.bytes()));
    RunManifest t = m.withTorrent(new RunManifest.Torrent("0123456789abcdef0123456789abcdef01234567", "magnet:?xt=urn:btih:0123"));
    assertEquals(t, RunManifest.parse(t.bytes()));
    String pretty = new String(m.bytes(), java.nio.charset.StandardCharsets.UTF_8).replace(",", ",\n  ");
    assertEquals(m, RunManifest.parse(pretty.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "any JSON layout is read");
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
