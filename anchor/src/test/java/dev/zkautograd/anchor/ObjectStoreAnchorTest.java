package dev.zkautograd.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object-store anchor against moto's S3 server standing in for OCI Object Storage's Amazon S3
 * Compatibility API (and S3): the same SDK calls with path-style addressing and an endpoint
 * override, and moto enforces both conditions of PutObject — {@code If-None-Match: *} and {@code
 * If-Match: <etag>} answer 412 PreconditionFailed when they do not hold (checked below through the
 * anchor's own stale-write path). What it does not show: that a given OCI region's compatibility
 * endpoint honours these headers on PutObject (OCI's native PutObject documents {@code if-match} and
 * {@code if-none-match: *}; run this class against the endpoint before relying on it), OCI's
 * durability, or its policies.
 */
class ObjectStoreAnchorTest extends AnchorContract {
  static final String BUCKET = "zk-autograd-anchors";
  static final String PREFIX = "runs/";
  static LocalAwsServer server;
  static S3Client client;

  @BeforeAll
  static void start() throws CoreException {
    server = StandIn.start();
    client = ObjectStoreAnchor.client(server.endpoint(), LocalAwsServer.credentials());
    new ObjectStoreAnchor(client, server.endpoint(), BUCKET, PREFIX, CLOCK).createBucket();
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private ObjectStoreAnchor objectAnchor() {
    return new ObjectStoreAnchor(client, server.endpoint(), BUCKET, PREFIX, CLOCK);
  }

  @Override
  Anchor anchor() {
    return objectAnchor();
  }

  @Override
  Anchor unreachable() {
    try {
      CloudEndpoint dead = StandIn.dead();
      return new ObjectStoreAnchor(ObjectStoreAnchor.client(dead, LocalAwsServer.credentials()), dead, BUCKET, PREFIX, CLOCK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void writeOver(String runId, AnchorReceipt next, AnchorReceipt read) throws CoreException {
    objectAnchor().write(runId, next, read == null ? null : ((JsonString) read.ref().get("etag")).value());
  }

  @Override
  void copyHead(String from, String to) {
    byte[] body = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(objectAnchor().key(from))).asByteArray();
    client.putObject(b -> b.bucket(BUCKET).key(objectAnchor().key(to)), RequestBody.fromBytes(body));
  }

  @Test
  void the_receipt_names_bucket_key_and_the_etag_the_store_gave() throws CoreException {
    String run = newRun();
    AnchorReceipt r1 = anchor().anchor(request(run, 1, null));
    assertEquals(BUCKET, ((JsonString) r1.ref().get("bucket")).value());
    assertEquals(PREFIX + run + ".anchor.json", ((JsonString) r1.ref().get("key")).value());
    String etag = ((JsonString) r1.ref().get("etag")).value();
    assertEquals(client.headObject(b -> b.bucket(BUCKET).key(PREFIX + run + ".anchor.json")).eTag(), etag);
    AnchorReceipt r2 = anchor().anchor(request(run, 2, 1));
    assertNotNull(r2.ref().get("etag"));
    assertNotEquals(r1.ref().get("etag"), r2.ref().get("etag"), "each head is a new object version");
  }
}
