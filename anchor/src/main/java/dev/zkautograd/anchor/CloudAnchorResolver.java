package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorResolver;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Finds the DynamoDB table or object-store object a receipt names (its {@code ref}), so that {@code
 * verify} can ask it. Credentials come from the standard AWS chain (environment {@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, system properties, {@code ~/.aws}, instance
 * roles) unless given; an endpoint given here replaces the one the receipt records (to reach the
 * same store by another address). Other kinds resolve to null. Closes the clients it made.
 */
public final class CloudAnchorResolver implements AnchorResolver, AutoCloseable {
  private final URI dynamoDbEndpoint;
  private final URI objectStoreEndpoint;
  private final AwsCredentialsProvider credentials;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private DefaultCredentialsProvider chain;

  /**
   * @param dynamoDbEndpoint replaces the endpoint of dynamodb receipts, or null
   * @param objectStoreEndpoint replaces the endpoint of object-store receipts, or null
   * @param credentials the credentials, or null for the standard AWS chain
   */
  public CloudAnchorResolver(URI dynamoDbEndpoint, URI objectStoreEndpoint, AwsCredentialsProvider credentials) {
    this.dynamoDbEndpoint = dynamoDbEndpoint;
    this.objectStoreEndpoint = objectStoreEndpoint;
    this.credentials = credentials;
  }

  @Override
  public Anchor resolve(AnchorReceipt receipt) throws CoreException {
    switch (receipt.kind()) {
      case DynamoDbAnchor.KIND:
        return DynamoDbAnchor.forReceipt(receipt, dynamoDbEndpoint, credentials(), clients::add);
      case ObjectStoreAnchor.KIND:
        return ObjectStoreAnchor.forReceipt(receipt, objectStoreEndpoint, credentials(), clients::add);
      default:
        return null;
    }
  }

  private synchronized AwsCredentialsProvider credentials() {
    if (credentials != null) return credentials;
    if (chain == null) {
      chain = DefaultCredentialsProvider.builder().build();
      clients.add(chain);
    }
    return chain;
  }

  @Override
  public void close() {
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing a client frees its connections; nothing was written through it that could be lost.
      }
    }
    clients.clear();
  }
}
