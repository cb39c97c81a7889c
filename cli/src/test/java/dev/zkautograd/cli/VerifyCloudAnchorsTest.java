package dev.zkautograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.anchor.CloudEndpoint;
import dev.zkautograd.anchor.DynamoDbAnchor;
import dev.zkautograd.anchor.LocalAwsServer;
import dev.zkautograd.anchor.ObjectStoreAnchor;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code verify} asks each cloud anchor a run's receipts name — here moto's server on 127.0.0.1,
 * standing in for AWS DynamoDB and for OCI Object Storage's S3 Compatibility API (see {@link
 * LocalAwsServer}) — and reports per anchor: anchored (PASS), mismatch (FAIL, exit 1) or not
 * reachable (SKIP with the reason). Credentials reach verify through the standard AWS chain (system
 * properties here, as an auditor's environment would).
 */
class VerifyCloudAnchorsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:20:00Z"), ZoneOffset.UTC);
  static LocalAwsServer server;
  static DynamoDbClient dynamo;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    server = LocalAwsServer.start(LocalService.home());
    dynamo = DynamoDbAnchor.client(server.endpoint(), LocalAwsServer.credentials());
    s3 = ObjectStoreAnchor.client(server.endpoint(), LocalAwsServer.credentials());
    dynamoAnchor().createTable();
    objectAnchor().createBucket();
    System.setProperty("aws.accessKeyId", "local-stand-in");
    System.setProperty("aws.secretAccessKey", "local-stand-in-secret");
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (dynamo != null) dynamo.close();
    if (s3 != null) s3.close();
    if (server != null) server.close();
  }

  static DynamoDbAnchor dynamoAnchor() {
    return new DynamoDbAnchor(dynamo, server.endpoint(), "zk-autograd-anchors", CLOCK);
  }

  static ObjectStoreAnchor objectAnchor() {
    return new ObjectStoreAnchor(s3, server.endpoint(), "zk-autograd-anchors", "runs/", CLOCK);
  }

  private static String recheckRow(Cli c) {
    return c.out().lines().filter(l -> l.contains("anchors.recheck")).findFirst().orElse("(no anchors.recheck row)\n" + c);
  }

  /** Anchors the same head again behind the run's back: the anchor's counter moves past the receipt. */
  private static void anchorAgain(Anchor a, String runId) throws Exception {
    Digest root = a.latest(runId).root();
    a.anchor(new AnchorRequest(runId, a.latest(runId).treeSize(), root, null));
  }

  private static void check(Path tmp, Anchor anchor, String runId, String endpointOption) throws Exception {
    Path run = tmp.resolve(runId);
    SyntheticRun.write(run, anchor, runId, 3, 1, 32);
    Cli ok = Cli.run("verify", "--run", run.toString());
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(recheckRow(ok).contains("PASS    " + anchor.kind() + ": anchored: #1 (tree size 3"), ok::toString);

    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Cli away = Cli.run("verify", "--run", run.toString(), endpointOption, "http://127.0.0.1:" + deadPort);
    assertEquals(0, away.exit(), "not reachable is a skip, shown, not a failure: " + away);
    assertTrue(recheckRow(away).contains("SKIP    " + anchor.kind() + ": not reachable: "), away::toString);
    assertTrue(away.out().contains("skipped"), away::toString);

    Path anchors = run.resolve("anchors.json");
    String original = Files.readString(anchors);
    Files.writeString(anchors, original.replace("10:20:00Z", "10:19:00Z"));
    Cli edited = Cli.run("verify", "--run", run.toString());
    assertEquals(1, edited.exit(), edited::toString);
    assertTrue(recheckRow(edited).contains("FAIL    mismatch: anchors.json's last " + anchor.kind() + " receipt is not the one the anchor holds"),
        edited::toString);
    Files.writeString(anchors, original);

    anchorAgain(anchor, runId);
    Cli moved = Cli.run("verify", "--run", run.toString());
    assertEquals(1, moved.exit(), "a mismatch is never a success: " + moved);
    assertTrue(recheckRow(moved).contains("FAIL    mismatch:"), moved::toString);
  }

  @Test
  void dynamodb_receipts_are_rechecked_at_the_table(@TempDir Path tmp) throws Exception {
    check(tmp, dynamoAnchor(), "run-dynamo", "--dynamodb-endpoint");
  }

  @Test
  void object_store_receipts_are_rechecked_at_the_bucket(@TempDir Path tmp) throws Exception {
    check(tmp, objectAnchor(), "run-object", "--s3-endpoint");
  }

  @Test
  void file_counter_receipts_without_their_folder_are_not_reachable(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("run-file");
    SyntheticRun.write(run, tmp.resolve("anchor"), "run-file", 2, 1, 16);
    Cli c = Cli.run("verify", "--run", run.toString());
    assertEquals(0, c.exit(), c::toString);
    assertTrue(recheckRow(c).contains("SKIP    file-counter: not reachable: the file counter lives outside the run: give its folder"), c::toString);
    Cli offline = Cli.run("verify", "--run", run.toString(), "--no-anchor-recheck");
    assertTrue(recheckRow(offline).contains("SKIP    receipts not re-checked"), offline::toString);
    CloudEndpoint unused = server.endpoint(); // the same server serves every test of the class
    assertTrue(unused.endpoint().toString().startsWith("http://127.0.0.1:"));
  }
}
