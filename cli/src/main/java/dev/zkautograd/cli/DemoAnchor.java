package dev.zkautograd.cli;

import dev.zkautograd.anchor.CloudEndpoint;
import dev.zkautograd.anchor.DynamoDbAnchor;
import dev.zkautograd.anchor.LocalAwsServer;
import dev.zkautograd.anchor.ObjectStoreAnchor;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.FileCounterAnchor;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The anchor {@code demo --anchor KIND} writes the run's root to, with whatever it had to start for
 * it (a local stand-in server when no endpoint is given), and the options {@code verify} then needs
 * to re-check the receipt. Closing it stops what it started.
 */
final class DemoAnchor implements AutoCloseable {
  /** The kinds {@code --anchor} takes. */
  static final List<String> KINDS = List.of("file", "dynamodb", "s3");

  private final Anchor anchor;
  private final List<String> verifyArgs;
  private final List<AutoCloseable> owned;
  private final String where;

  private DemoAnchor(Anchor anchor, List<String> verifyArgs, List<AutoCloseable> owned, String where) {
    this.anchor = anchor;
    this.verifyArgs = verifyArgs;
    this.owned = owned;
    this.where = where;
  }

  /** Settings of the cloud anchors. */
  record Cloud(URI endpoint, String region, String table, String bucket) {}

  static DemoAnchor open(String kind, Path out, Cloud cloud, PrintWriter o) throws CoreException {
    Path anchorDir = out.resolve(".anchors");
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      switch (kind) {
        case "file":
          return new DemoAnchor(new FileCounterAnchor(anchorDir), List.of("--anchor-dir", anchorDir.toString()), owned,
              "the local file counter in " + anchorDir);
        case "dynamodb":
        case "s3": {
          CloudEndpoint endpoint;
          AwsCredentialsProvider credentials;
          if (cloud.endpoint() == null && cloud.region() == null) {
            o.println("anchor: no --anchor-endpoint or --anchor-region given: starting moto's server on 127.0.0.1 as a local stand-in for "
                + ("dynamodb".equals(kind) ? "AWS DynamoDB" : "OCI Object Storage's S3 Compatibility API"));
            LocalAwsServer server = LocalAwsServer.start(LocalService.home());
            owned.add(server);
            endpoint = server.endpoint();
            credentials = LocalAwsServer.credentials();
            standInCredentialsForVerify(owned);
          } else {
            endpoint = new CloudEndpoint(cloud.region() == null ? LocalAwsServer.REGION : cloud.region(), cloud.endpoint());
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            owned.add(chain);
            credentials = chain;
          }
          o.flush();
          if ("dynamodb".equals(kind)) {
            var client = DynamoDbAnchor.client(endpoint, credentials);
            owned.add(client);
            DynamoDbAnchor a = new DynamoDbAnchor(client, endpoint, cloud.table(), Clock.systemUTC());
            a.createTable();
            return new DemoAnchor(a, List.of(), owned, "DynamoDB table " + cloud.table() + " (" + endpoint + ")");
          }
          var client = ObjectStoreAnchor.client(endpoint, credentials);
          owned.add(client);
          ObjectStoreAnchor a = new ObjectStoreAnchor(client, endpoint, cloud.bucket(), "runs/", Clock.systemUTC());
          a.createBucket();
          return new DemoAnchor(a, List.of(), owned, "bucket " + cloud.bucket() + " (" + endpoint + ")");
        }
        default:
          throw new IllegalArgumentException("anchor kind " + kind);
      }
    } catch (CoreException | RuntimeException e) {
      closeAll(owned);
      throw e;
    }
  }

  /**
   * The stand-in accepts any credentials, but verify asks through the standard AWS chain like any
   * auditor; give that chain the stand-in's while the demo runs, unless the environment has some.
   */
  private static void standInCredentialsForVerify(List<AutoCloseable> owned) {
    if (System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null) return;
    System.setProperty("aws.accessKeyId", "local-stand-in");
    System.setProperty("aws.secretAccessKey", "local-stand-in-secret");
    owned.add(() -> {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    });
  }

  Anchor anchor() {
    return anchor;
  }

  /** What verify needs beyond the run to re-check this anchor's receipt. */
  List<String> verifyArgs() {
    return verifyArgs;
  }

  String where() {
    return where;
  }

  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // Stopping a stand-in or a client loses nothing: the receipt is already in anchors.json.
      }
    }
    owned.clear();
  }
}
