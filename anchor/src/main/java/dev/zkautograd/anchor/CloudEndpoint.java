package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where a cloud anchor lives: the region, and the endpoint when it is not the region's default (an
 * OCI Object Storage S3-compatibility endpoint, a local stand-in). Both go into every receipt's
 * {@code ref} so that a third party knows where to ask.
 *
 * @param endpoint the endpoint override, or null for the SDK's default endpoint of the region
 */
public record CloudEndpoint(String region, URI endpoint) {
  /** Calls give up after this long, so that an unreachable anchor is reported, not waited on. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  public CloudEndpoint {
    Objects.requireNonNull(region);
    if (region.isEmpty() || region.length() > 64) throw new IllegalArgumentException("bad region " + region);
  }

  /** The SDK's default endpoint of {@code region}. */
  public static CloudEndpoint of(String region) {
    return new CloudEndpoint(region, null);
  }

  /** Reads {@code region} and the optional {@code endpoint} of a receipt's ref. */
  static CloudEndpoint read(JsonFields ref) throws CoreException {
    String region = ref.string("region", 64);
    if (!ref.has("endpoint")) return of(region);
    String e = ref.string("endpoint", 512);
    try {
      URI uri = new URI(e);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new URISyntaxException(e, "not http(s)");
      return new CloudEndpoint(region, uri);
    } catch (URISyntaxException x) {
      throw ref.bad("endpoint", "not an http(s) URL", "http(s)://host[:port]", e);
    }
  }

  /** This endpoint with another address, or this one when {@code override} is null. */
  CloudEndpoint at(URI override) {
    return override == null ? this : new CloudEndpoint(region, override);
  }

  void putInto(JsonObject.Builder ref) {
    ref.put("region", region);
    if (endpoint != null) ref.put("endpoint", endpoint.toString());
  }

  /** Configures an SDK client builder for this endpoint, with the JDK's HTTP client and a call timeout. */
  <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsCredentialsProvider credentials) {
    builder.region(Region.of(region)).credentialsProvider(credentials);
    if (endpoint != null) builder.endpointOverride(endpoint);
    builder.overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build());
    if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)));
    }
    return builder;
  }

  @Override
  public String toString() {
    return endpoint == null ? region : region + " at " + endpoint;
  }

  /** An error of the store itself (not of the run): the caller reports it as "not reachable". */
  static CoreException unreachable(String what, Exception e) {
    return CoreException.of(Reason.ANCHOR_UNREACHABLE, what + ": " + e.getMessage()).build(e);
  }
}
