package dev.zkautograd.core.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.run.DirectoryRunFiles;
import dev.zkautograd.core.run.PayloadTorrent;
import dev.zkautograd.core.run.RelativePath;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunFiles;
import dev.zkautograd.core.run.RunFixtures;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.SignedManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/formats/torrent.md: canonical bencoding, the run's payload torrent, and the audit's manifest.torrent check. */
class TorrentTest {
  static final Path VECTORS = Path.of("src/test/resources/vectors");
  static final Path GOLDEN_RUN = VECTORS.resolve("run/golden-run");
  static final String RUN = "run-20261124-101500";

  @Test
  void infoDictionaryIsTheOneTheSpecSpellsOut() throws Exception {
    Map<String, byte[]> files = Map.of("a", "abc".getBytes(StandardCharsets.US_ASCII), "b/c", "de".getBytes(StandardCharsets.US_ASCII));
    List<RunManifest.FileEntry> listed = List.of(entry("a", files), entry("b/c", files));
    PayloadTorrent t = PayloadTorrent.of("r", listed, new MapFiles(files));
    byte[] sha1 = org.bouncycastle.util.encoders.Hex.decode(TorrentFile.infoHash("abcde".getBytes(StandardCharsets.US_ASCII)));
    String want = "d5:filesld6:lengthi3e4:pathl1:aeed6:lengthi2e4:pathl1:b1:ceee4:name1:r12:piece lengthi16384e6:pieces20:";
    byte[] expected = concat(want.getBytes(StandardCharsets.US_ASCII), sha1, "e".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, t.info());
    assertEquals(TorrentFile.infoHash(expected), t.infoHash());
    assertEquals("magnet:?xt=urn:btih:" + t.infoHash() + "&dn=r", PayloadTorrent.magnet(t.infoHash(), "r"));
  }

  @Test
  void piecesSpanFileBoundariesAndTheLastIsShort() throws Exception {
    byte[] big = new byte[40_000];
    for (int i = 0; i < big.length; i++) big[i] = (byte) i;
    Map<String, byte[]> files = Map.of("x", java.util.Arrays.copyOf(big, 10_000), "y", java.util.Arrays.copyOfRange(big, 10_000, 40_000));
    PayloadTorrent t = PayloadTorrent.of("r", List.of(entry("x", files), entry("y", files)), new MapFiles(files));
    Bencoded.Dict info = (Bencoded.Dict) Bencode.parse(t.info());
    byte[] pieces = ((Bencoded.Bytes) info.get("pieces").value()).value();
    assertEquals(3 * 20, pieces.length, "40,000 bytes in 16 KiB pieces");
    byte[] last = java.util.Arrays.copyOfRange(big, 2 * 16384, 40_000);
    assertEquals(TorrentFile.infoHash(last), org.bouncycastle.util.encoders.Hex.toHexString(java.util.Arrays.copyOfRange(pieces, 40, 60)));
  }

  @Test
  void pieceLengthIsTheSmallestPowerOfTwoForAtMost1024Pieces() {
    assertEquals(1 << 14, PayloadTorrent.pieceLength(0));
    assertEquals(1 << 14, PayloadTorrent.pieceLength(1024L << 14));
    assertEquals(1 << 15, PayloadTorrent.pieceLength((1024L << 14) + 1));
    assertEquals(1 << 20, PayloadTorrent.pieceLength(1L << 30));
    assertEquals(1 << 24, PayloadTorrent.pieceLength(1L << 40), "capped at 16 MiB");
  }

  @Test
  void bencodingRefusesEverySecondSpelling() {
    assertEquals(Reason.NOT_CANONICAL, refused("i01e"));
    assertEquals(Reason.NOT_CANONICAL, refused("i-0e"));
    assertEquals(Reason.NOT_CANONICAL, refused("01:a"));
    assertEquals(Reason.NOT_CANONICAL, refused("d1:bi1e1:ai2ee"), "keys out of order");
    assertEquals(Reason.NOT_CANONICAL, refused("d1:ai1e1:ai2ee"), "a key twice");
    assertEquals(Reason.MALFORMED, refused("i1"));
    assertEquals(Reason.MALFORMED, refused("ie"));
    assertEquals(Reason.MALFORMED, refused("5:abc"));
    assertEquals(Reason.MALFORMED, refused("di1ei2ee"), "an integer key");
    assertEquals(Reason.MALFORMED, refused("i1ei2e"), "two values");
    assertEquals(Reason.TOO_LARGE, refused("i99999999999999999999e"));
    assertEquals(new Bencoded.Int(-7), parse("i-7e"));
    assertEquals(new Bencoded.Int(0), parse("i0e"));
  }

  @Test
  void theManifestOfEveryFinishedRunRecordsItsTorrentAndTheAuditChecksIt() throws Exception {
    RunManifest m = SignedManifest.parse(Files.readAllBytes(GOLDEN_RUN.resolve(RunLayout.MANIFEST))).manifest();
    assertEquals(PayloadTorrent.of(RUN, m.files(), new DirectoryRunFiles(GOLDEN_RUN)).infoHash(), m.torrent().infoHash());
    AuditReport r = audit(GOLDEN_RUN, "golden-run.torrent", Files.readAllBytes(VECTORS.resolve("torrent/golden-run.torrent")));
    AuditResult row = only(r, RunCheck.TORRENT);
    assertEquals(Outcome.PASS, row.outcome(), row.text());
    assertTrue(row.text().contains("web seed https://example.org/audit/files/"), row.text());
    assertEquals(Outcome.PASS, only(audit(GOLDEN_RUN, null, null), RunCheck.TORRENT).outcome());
  }

  @Test
  void everyBrokenTorrentVectorIsRefusedWithItsReason() throws Exception {
    List<Path> broken;
    try (Stream<Path> s = Files.list(VECTORS.resolve("torrent"))) {
      broken = s.filter(p -> !p.getFileName().toString().startsWith("golden")).sorted().toList();
    }
    assertTrue(broken.size() >= 7);
    for (Path p : broken) {
      String name = p.getFileName().toString();
      Reason want = Reason.valueOf(name.split("\\.")[1]);
      AuditResult row = only(audit(GOLDEN_RUN, name, Files.readAllBytes(p)), RunCheck.TORRENT);
      assertEquals(Outcome.FAIL, row.outcome(), name);
      assertEquals(want, row.reason(), name + ": " + row.text());
      assertEquals(name, row.file(), name);
    }
  }

  @Test
  void aManifestRecordingAnotherInfoHashFailsEvenWhenSignedAgain(@TempDir Path tmp) throws Exception {
    Path run = copy(GOLDEN_RUN, tmp.resolve("r"));
    resign(run, m -> m.withTorrent(new RunManifest.Torrent("0".repeat(40), PayloadTorrent.magnet("0".repeat(40), RUN))));
    AuditResult row = only(audit(run, null, null), RunCheck.TORRENT);
    assertEquals(Outcome.FAIL, row.outcome());
    assertEquals(Reason.DIGEST_MISMATCH, row.reason());
    assertEquals("torrent.info_hash", row.field());
    assertEquals(RunLayout.MANIFEST, row.file());
  }

  @Test
  void aMagnetNamingAnotherHashFails(@TempDir Path tmp) throws Exception {
    Path run = copy(GOLDEN_RUN, tmp.resolve("r"));
    resign(run, m -> m.withTorrent(new RunManifest.Torrent(m.torrent().infoHash(), PayloadTorrent.magnet("1".repeat(40), RUN))));
    AuditResult row = only(audit(run, null, null), RunCheck.TORRENT);
    assertEquals(Reason.BAD_FIELD, row.reason());
    assertEquals("torrent.magnet", row.field());
  }

  @Test
  void aChangedPayloadByteChangesTheInfoHash(@TempDir Path tmp) throws Exception {
    Path run = copy(GOLDEN_RUN, tmp.resolve("r"));
    Path proof = run.resolve("proofs/step_00001.proof");
    byte[] b = Files.readAllBytes(proof);
    b[b.length / 2] ^= 0x40;
    Files.write(proof, b);
    AuditResult row = only(audit(run, null, null), RunCheck.TORRENT);
    assertEquals(Reason.DIGEST_MISMATCH, row.reason(), row.text());
  }

  @Test
  void aRunWithoutATorrentIsSkippedNotPassed(@TempDir Path tmp) throws Exception {
    Path run = copy(GOLDEN_RUN, tmp.resolve("r"));
    resign(run, m -> m.withTorrent(null));
    AuditResult row = only(audit(run, "x.torrent", new byte[] {'d', 'e'}), RunCheck.TORRENT);
    assertEquals(Outcome.SKIP, row.outcome());
    assertTrue(row.text().contains("names no torrent, so x.torrent is not checked"), row.text());
  }

  @Test
  void metainfoKeepsTheInfoBytesAndAddsWebSeeds() throws Exception {
    RunManifest m = SignedManifest.parse(Files.readAllBytes(GOLDEN_RUN.resolve(RunLayout.MANIFEST))).manifest();
    PayloadTorrent t = PayloadTorrent.of(RUN, m.files(), new DirectoryRunFiles(GOLDEN_RUN));
    TorrentFile none = TorrentFile.parse(t.metainfo(List.of()));
    TorrentFile two = TorrentFile.parse(t.metainfo(List.of("http://127.0.0.1:1/files/", "https://example.org/files/")));
    assertEquals(t.infoHash(), none.infoHash());
    assertEquals(t.infoHash(), two.infoHash());
    assertEquals(List.of(), none.webSeeds());
    assertEquals(List.of("http://127.0.0.1:1/files/", "https://example.org/files/"), two.webSeeds());
    assertEquals(RUN, two.name());
  }

  // ------------------------------------------------------------------ helpers

  private static AuditReport audit(Path run, String torrentName, byte[] torrent) throws CoreException {
    AuditOptions.Builder o = AuditOptions.builder();
    if (torrent != null) o.torrent(torrentName, torrent);
    return RunAudit.audit(run, o.build());
  }

  private static AuditResult only(AuditReport r, RunCheck c) {
    List<AuditResult> rows = new ArrayList<>();
    for (AuditResult a : r.results()) if (a.check() == c) rows.add(a);
    assertEquals(1, rows.size(), c + " rows: " + rows);
    return rows.get(0);
  }

  private static void resign(Path run, java.util.function.UnaryOperator<RunManifest> edit) throws Exception {
    RunManifest m = SignedManifest.parse(Files.readAllBytes(run.resolve(RunLayout.MANIFEST))).manifest();
    Files.write(run.resolve(RunLayout.MANIFEST), SignedManifest.sign(edit.apply(m), RunFixtures.signer(RUN, 1)).bytes());
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
    return to;
  }

  private static Reason refused(String bencoded) {
    return assertThrows(CoreException.class, () -> Bencode.parse(bencoded.getBytes(StandardCharsets.ISO_8859_1))).reason();
  }

  private static Bencoded parse(String s) {
    try {
      return Bencode.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    } catch (CoreException e) {
      throw new AssertionError(e);
    }
  }

  private static RunManifest.FileEntry entry(String path, Map<String, byte[]> files) {
    return new RunManifest.FileEntry(new RelativePath(path), files.get(path).length, Digest.sha256(files.get(path)));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** Files in memory, for the spec's small examples. */
  private record MapFiles(Map<String, byte[]> files) implements RunFiles {
    @Override
    public boolean exists(String path) {
      return files.containsKey(path);
    }

    @Override
    public byte[] read(String path, long maxBytes) {
      return files.get(path).clone();
    }

    @Override
    public long size(String path) {
      return files.get(path).length;
    }

    @Override
    public Digest sha256(String path) {
      return Digest.sha256(files.get(path));
    }

    @Override
    public List<String> list() {
      return List.copyOf(files.keySet());
    }
  }
}
