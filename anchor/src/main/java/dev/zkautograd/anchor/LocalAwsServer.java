package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * moto's server ({@code moto[server]} from the project's {@code .venv}, installed by {@code
 * scripts/setup/30-python.sh}) on 127.0.0.1: one local endpoint that answers the DynamoDB and S3 APIs
 * and enforces their conditions (ConditionExpression; If-None-Match and If-Match on PutObject). It
 * stands in for AWS DynamoDB and for OCI Object Storage's S3 Compatibility API in the tests and in
 * {@code demo --anchor dynamodb|s3}; it is not either service, and says nothing about their
 * durability or access control.
 */
public final class LocalAwsServer implements AutoCloseable {
  /** The region the stand-in is addressed as (moto accepts any). */
  public static final String REGION = "us-east-1";

  private final LocalService service;

  private LocalAwsServer(LocalService service) {
    this.service = service;
  }

  /** Starts moto's server from {@code home}/.venv. */
  public static LocalAwsServer start(Path home) throws CoreException {
    Path exe = home.resolve(".venv").resolve("bin").resolve("moto_server");
    return new LocalAwsServer(LocalService.start("moto server", List.of(exe.toString(), "-H", "127.0.0.1", "-p", "{port}"), home,
        "bash -c 'source scripts/setup/30-python.sh' in " + home, Duration.ofSeconds(60)));
  }

  public CloudEndpoint endpoint() {
    return new CloudEndpoint(REGION, URI.create(service.url()));
  }

  /** Credentials the stand-in accepts (any are accepted; these say they are for testing). */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local-stand-in", "local-stand-in-secret"));
  }

  @Override
  public void close() {
    service.close();
  }
}
