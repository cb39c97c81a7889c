package dev.zkautograd.generator.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bt.Bt;
import bt.data.file.FileSystemStorage;
import bt.metainfo.MetadataService;
import bt.metainfo.Torrent;
import bt.net.InetPeer;
import bt.net.Peer;
import bt.peer.PeerSource;
import bt.peer.PeerSourceFactory;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.Config;
import dev.zkautograd.core.audit.AuditOptions;
import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.RunAudit;
import dev.zkautograd.core.run.RunCheck;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.SignedManifest;
import dev.zkautograd.core.torrent.TorrentFile;
import dev.zkautograd.generator.SiteGenerator;
import dev.zkautograd.generator.SiteLayout;
import dev.zkautograd.generator.SiteOptions;
import dev.zkautograd.generator.TestRuns;
import dev.zkautograd.generator.companion.Companion;
import dev.zkautograd.generator.companion.CompanionConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real transfers of a run's torrent on 127.0.0.1: from a bt seeder to a bt leecher, and from the
 * companion as a BEP 19 web seed alone (Debian's aria2, since bt has no web seeds). The downloaded
 * files must be the run's byte for byte, and the run they make — with the signed manifest fetched
 * from beside them — must pass every check but the proofs (these runs carry stand-in proof bytes;
 * the cli's tests verify a downloaded run with real proofs).
 */
class TorrentTransferTest {
  static final String RUN = "run-20261124-101500";

  @TempDir static Path work;
  static Path runs;
  static Path site;
  static Companion companion;
  static RunManifest manifest;

  @BeforeAll
  static void siteWithTorrentServedByTheCompanion() throws Exception {
    runs = work.resolve("artifacts");
    TestRuns.write(runs.resolve(RUN), work.resolve("anchors"), RUN, "2026-11-24T10:15:00Z", 6, Map.of("name", "tiny"));
    manifest = SignedManifest.parse(Files.readAllBytes(runs.resolve(RUN).resolve(RunLayout.MANIFEST))).manifest();
    int port = freePort();
    site = work.resolve("site");
    new SiteGenerator().generate(runs, site, SiteOptions.builder().baseUrl("http://127.0.0.1:" + port + "/").build());
    companion = Companion.start(CompanionConfig.builder(site, runs).port(port).build());
  }

  @AfterAll
  static void stop() {
    if (companion != null) companion.close();
  }

  @Test
  void btReadsTheSiteTorrentWithTheInfoHashTheManifestRecords() throws Exception {
    byte[] file = Files.readAllBytes(site.resolve(SiteLayout.torrent(RUN)));
    Torrent t = new MetadataService().fromByteArray(file);
    assertEquals(manifest.torrent().infoHash(), HexFormat.of().formatHex(t.getTorrentId().getBytes()), "bt's info-hash is ours");
    assertEquals(RUN, t.getName());
    List<String> paths = new ArrayList<>();
    for (bt.metainfo.TorrentFile f : t.getFiles()) paths.add(String.join("/", f.getPathElements()));
    List<String> listed = new ArrayList<>();
    for (RunManifest.FileEntry f : manifest.files()) listed.add(f.path().value());
    assertEquals(listed, paths, "exactly the listed files, in the manifest's order: no manifest, no anchors.json");
    assertEquals(List.of(companion.url() + "files/"), TorrentFile.parse(file).webSeeds());
    String page = Files.readString(site.resolve("runs/" + RUN + "/index.html"));
    assertTrue(page.contains("magnet:?xt=urn:btih:" + manifest.torrent().infoHash() + "&amp;dn=" + RUN + "&amp;ws=http%3A%2F%2F127.0.0.1%3A"));
  }

  @Test
  void aBtSeederSendsTheRunToABtLeecher() throws Exception {
    int seedPort = freePort();
    int leechPort = freePort();
    Path torrentFile = site.resolve(SiteLayout.torrent(RUN));
    Path downloads = Files.createDirectories(work.resolve("bt-download"));
    BtRuntime seedRuntime = runtime(seedPort, null);
    BtRuntime leechRuntime = runtime(leechPort, seedPort);
    try {
      BtClient seeder = Bt.client(seedRuntime).storage(new FileSystemStorage(site.resolve(SiteLayout.FILES)))
          .torrent(torrentFile.toUri().toURL()).build();
      seeder.startAsync();
      BtClient leecher = Bt.client(leechRuntime).storage(new FileSystemStorage(downloads)).torrent(torrentFile.toUri().toURL())
          .stopWhenDownloaded().build();
      leecher.startAsync().get(90, TimeUnit.SECONDS);
      seeder.stop();
    } finally {
      leechRuntime.shutdown();
      seedRuntime.shutdown();
    }
    Path got = downloads.resolve(RUN);
    assertSameFiles(got);
    assertRunVerifies(got, torrentFile);
  }

  @Test
  void theCompanionAloneServesTheRunAsAWebSeed() throws Exception {
    Path downloads = Files.createDirectories(work.resolve("web-seed-download"));
    Path torrentFile = site.resolve(SiteLayout.torrent(RUN));
    Process aria2;
    try {
      aria2 = new ProcessBuilder("aria2c", "--dir=" + downloads, "--seed-time=0", "--enable-dht=false", "--enable-dht6=false",
          "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--bt-tracker-connect-timeout=1", "--listen-port=" + freePort(),
          "--check-integrity=true", "--console-log-level=warn", "--summary-interval=0", torrentFile.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("aria2.log").toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("aria2c is needed for the web-seed test: scripts/setup/40-aria2.sh installs it", e);
    }
    assertTrue(aria2.waitFor(90, TimeUnit.SECONDS), "aria2c finished");
    assertEquals(0, aria2.exitValue(), Files.readString(work.resolve("aria2.log")));
    Path got = downloads.resolve(RUN);
    assertSameFiles(got);
    // The signed manifest is beside the files on the site, not in the torrent (it records the torrent's info-hash).
    Files.write(got.resolve(RunLayout.MANIFEST), fetch("files/" + RUN + "/" + RunLayout.MANIFEST));
    assertRunVerifies(got, torrentFile);
  }

  private static void assertSameFiles(Path got) throws IOException {
    for (RunManifest.FileEntry f : manifest.files()) {
      assertArrayEquals(Files.readAllBytes(runs.resolve(RUN).resolve(f.path().value())), Files.readAllBytes(got.resolve(f.path().value())),
          f.path().value());
    }
  }

  /** With the manifest beside the downloaded files, every check holds but the stand-in proofs; the torrent check passes. */
  private static void assertRunVerifies(Path got, Path torrentFile) throws Exception {
    if (!Files.exists(got.resolve(RunLayout.MANIFEST))) {
      Files.copy(runs.resolve(RUN).resolve(RunLayout.MANIFEST), got.resolve(RunLayout.MANIFEST));
    }
    AuditReport r = RunAudit.audit(got, AuditOptions.builder().torrent(torrentFile.getFileName().toString(), Files.readAllBytes(torrentFile)).build());
    assertTrue(r.passed(), () -> r.failures().toString());
    for (AuditResult row : r.results()) {
      if (row.check() == RunCheck.TORRENT || row.check() == RunCheck.MANIFEST_FILES || row.check() == RunCheck.MANIFEST_LISTING) {
        assertEquals(Outcome.PASS, row.outcome(), row.text());
      }
    }
  }

  private static byte[] fetch(String path) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var res = client.send(java.net.http.HttpRequest.newBuilder(companion.url().resolve(path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, res.statusCode());
    return res.body();
  }

  /** A bt runtime on its own loopback port, plaintext, no tracker, DHT or discovery; with {@code peerPort} it knows that one peer. */
  private static BtRuntime runtime(int port, Integer peerPort) {
    Config config = new Config();
    config.setAcceptorAddress(InetAddress.getLoopbackAddress());
    config.setAcceptorPort(port);
    config.setPeerDiscoveryInterval(Duration.ofMillis(500));
    config.setPeerConnectionRetryInterval(Duration.ofMillis(500));
    config.setEncryptionPolicy(EncryptionPolicy.REQUIRE_PLAINTEXT);
    var builder = BtRuntime.builder(config).disableAutomaticShutdown().disableLocalServiceDiscovery().disablePeerExchange();
    if (peerPort != null) {
      PeerSourceFactory one = new PeerSourceFactory() {
        @Override
        public PeerSource getPeerSource(bt.metainfo.TorrentId id) {
          return new PeerSource() {
            @Override
            public boolean update() {
              return true;
            }

            @Override
            public Collection<Peer> getPeers() {
              return List.of(InetPeer.build(InetAddress.getLoopbackAddress(), peerPort));
            }
          };
        }
      };
      builder.module(binder -> bt.module.ServiceModule.extend(binder).addPeerSourceFactory(one));
    }
    return builder.build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
