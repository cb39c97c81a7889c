package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import dev.zkautograd.core.run.RunLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A monotonic counter in a DynamoDB table: one item per run, keyed by the run id, replaced only by a
 * conditional write that names the counter it read ({@code attribute_not_exists(run_id)} for the
 * first head, {@code counter = :read} after it). DynamoDB applies the condition and the write
 * atomically, so two writers cannot both move the counter from the same value, and a writer that
 * read a stale head is refused by the table, not by this code. Before it writes, the anchor applies
 * {@link AnchorRequest#requireExtends} to the head it read.
 *
 * <p>Item: {@code run_id} (S, partition key), {@code counter} (N), {@code head} (S, the canonical
 * JSON of {@link StoredHead}). Receipts have kind {@value #KIND} and {@code ref = {"region", ["endpoint"],
 * "table", "key"}}. Reads are strongly consistent.
 */
public final class DynamoDbAnchor implements Anchor {
  public static final String KIND = "dynamodb";

  static final String KEY = "run_id";
  static final String COUNTER = "counter";
  static final String HEAD = "head";
  private static final String TABLE_NAME = "[A-Za-z0-9_.-]{3,255}";

  private final DynamoDbClient client;
  private final CloudEndpoint endpoint;
  private final String table;
  private final Clock clock;

  /** An anchor on {@code table} through {@code client}, which must be configured for {@code endpoint}. */
  public DynamoDbAnchor(DynamoDbClient client, CloudEndpoint endpoint, String table, Clock clock) {
    this.client = client;
    this.endpoint = endpoint;
    this.table = checkTable(table);
    this.clock = clock;
  }

  /** A client for {@code endpoint} with {@code credentials} (close it when done). */
  public static DynamoDbClient client(CloudEndpoint endpoint, AwsCredentialsProvider credentials) {
    return endpoint.configure(DynamoDbClient.builder(), credentials).build();
  }

  static String checkTable(String table) {
    if (!table.matches(TABLE_NAME)) throw new IllegalArgumentException("not a DynamoDB table name: " + table);
    return table;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Creates the table (on-demand billing, key {@code run_id}) if it does not exist: for a local
   * stand-in or a first set-up; in production the table is usually made once by its owner.
   */
  public void createTable() throws CoreException {
    try {
      client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build()));
      client.waiter().waitUntilTableExists(b -> b.tableName(table));
    } catch (ResourceInUseException e) {
      // It exists already.
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot create DynamoDB table " + table + " (" + endpoint + ")", e);
    }
  }

  @Override
  public AnchorReceipt anchor(AnchorRequest request) throws CoreException {
    String runId = RunLayout.checkRunId(request.runId(), "run");
    AnchorReceipt last = latest(runId);
    request.requireExtends(last);
    JsonObject.Builder ref = JsonObject.builder();
    endpoint.putInto(ref);
    AnchorReceipt next = StoredHead.next(KIND, last, request, clock, ref.put("table", table).put("key", runId).build());
    write(runId, next, last == null ? null : last.counter());
    return next;
  }

  /**
   * Writes {@code next} if the item's counter is still {@code readCounter} (absent when null). The
   * table, not this code, refuses a write over a counter that moved: that is the guarantee.
   */
  void write(String runId, AnchorReceipt next, Long readCounter) throws CoreException {
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table)
        .item(Map.of(KEY, AttributeValue.fromS(runId), COUNTER, AttributeValue.fromN(Long.toString(next.counter())),
            HEAD, AttributeValue.fromS(new String(StoredHead.encode(runId, next), StandardCharsets.UTF_8))));
    if (readCounter == null) {
      put.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", KEY));
    } else {
      put.conditionExpression("#c = :read").expressionAttributeNames(Map.of("#c", COUNTER))
          .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(readCounter))));
    }
    try {
      client.putItem(put.build());
    } catch (ConditionalCheckFailedException e) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the DynamoDB counter moved since it was read (another writer anchored this run)")
          .file(where(runId)).field(COUNTER).expected(readCounter == null ? "no item" : "counter " + readCounter).actual("a later counter")
          .build(e);
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot write " + where(runId), e);
    }
  }

  @Override
  public AnchorReceipt latest(String runId) throws CoreException {
    RunLayout.checkRunId(runId, "run");
    GetItemResponse r;
    try {
      r = client.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(KEY, AttributeValue.fromS(runId))));
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot read " + where(runId), e);
    }
    if (!r.hasItem() || r.item().isEmpty()) return null;
    AttributeValue head = r.item().get(HEAD);
    AttributeValue counter = r.item().get(COUNTER);
    if (head == null || head.s() == null || counter == null || counter.n() == null) {
      throw CoreException.of(Reason.MISSING_FIELD, "the anchor item lacks its head or counter").file(where(runId))
          .expected(HEAD + " (S) and " + COUNTER + " (N)").actual(r.item().keySet()).build();
    }
    AnchorReceipt held = StoredHead.decode(runId, head.s().getBytes(StandardCharsets.UTF_8), where(runId));
    if (!Long.toString(held.counter()).equals(counter.n())) {
      throw CoreException.of(Reason.ANCHOR_REJECTED, "the item's counter is not its head's counter").file(where(runId)).field(COUNTER)
          .expected(held.counter()).actual(counter.n()).build();
    }
    return held;
  }

  private String where(String runId) {
    return "dynamodb:" + table + "/" + runId + " (" + endpoint + ")";
  }

  /** The table a dynamodb receipt's ref names, and where it lives (its endpoint overridden by {@code override} if given). */
  static DynamoDbAnchor forReceipt(AnchorReceipt receipt, java.net.URI override, AwsCredentialsProvider credentials,
      java.util.function.Consumer<AutoCloseable> owner) throws CoreException {
    JsonFields ref = JsonFields.of(receipt.ref(), "ref");
    CloudEndpoint at = CloudEndpoint.read(ref).at(override);
    String table = ref.string("table", 255);
    if (!table.matches(TABLE_NAME)) throw ref.bad("table", "not a DynamoDB table name", "3-255 of A-Z a-z 0-9 _ . -", table);
    DynamoDbClient c = client(at, credentials);
    owner.accept(c);
    return new DynamoDbAnchor(c, at, table, Clock.systemUTC());
  }
}
