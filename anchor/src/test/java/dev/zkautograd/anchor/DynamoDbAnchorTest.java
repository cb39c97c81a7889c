package dev.zkautograd.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB anchor against moto's server standing in for AWS DynamoDB: the same SDK calls, the
 * same ConditionExpression semantics (moto evaluates the condition and refuses with
 * ConditionalCheckFailedException), no AWS account. What it does not show: DynamoDB's own
 * durability, IAM policies on the table, or behaviour under real network partitions.
 */
class DynamoDbAnchorTest extends AnchorContract {
  static final String TABLE = "zk-autograd-anchors";
  static LocalAwsServer server;
  static DynamoDbClient client;

  @BeforeAll
  static void start() throws CoreException {
    server = StandIn.start();
    client = DynamoDbAnchor.client(server.endpoint(), LocalAwsServer.credentials());
    new DynamoDbAnchor(client, server.endpoint(), TABLE, CLOCK).createTable();
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  @Override
  Anchor anchor() {
    return new DynamoDbAnchor(client, server.endpoint(), TABLE, CLOCK);
  }

  @Override
  Anchor unreachable() {
    try {
      CloudEndpoint dead = StandIn.dead();
      return new DynamoDbAnchor(DynamoDbAnchor.client(dead, LocalAwsServer.credentials()), dead, TABLE, CLOCK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void writeOver(String runId, AnchorReceipt next, AnchorReceipt read) throws CoreException {
    new DynamoDbAnchor(client, server.endpoint(), TABLE, CLOCK).write(runId, next, read == null ? null : read.counter());
  }

  @Override
  void copyHead(String from, String to) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(
        client.getItem(b -> b.tableName(TABLE).key(Map.of(DynamoDbAnchor.KEY, AttributeValue.fromS(from)))).item());
    item.put(DynamoDbAnchor.KEY, AttributeValue.fromS(to));
    client.putItem(b -> b.tableName(TABLE).item(item));
  }

  @Test
  void the_receipt_names_the_table_key_and_endpoint() throws CoreException {
    String run = newRun();
    AnchorReceipt r = anchor().anchor(request(run, 1, null));
    assertEquals(JsonObject.builder().put("region", LocalAwsServer.REGION).put("endpoint", server.endpoint().endpoint().toString())
        .put("table", TABLE).put("key", run).build(), r.ref());
    assertEquals("1", client.getItem(b -> b.tableName(TABLE).key(Map.of(DynamoDbAnchor.KEY, AttributeValue.fromS(run))))
        .item().get(DynamoDbAnchor.COUNTER).n());
  }
}
