package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.run.Anchor;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.AnchorRequest;
import dev.zkautograd.core.run.RunLayout;
import java.net.URI;
import java.time.Clock;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A monotonic counter in one object per run of an S3-compatible object store — OCI Object Storage
 * through its Amazon S3 Compatibility API, or S3 itself — replaced only by a conditional put: {@code
 * If-None-Match: *} for the first head (the object must not exist), {@code If-Match: <ETag read>}
 * after it (the object must be the one read). The store applies the condition and the write
 * atomically and answers 412 otherwise, so a writer with a stale view cannot move the counter.
 *
 * <p>Object {@code <prefix><run-id>.anchor.json} holds the canonical JSON of {@link StoredHead}.
 * Receipts have kind {@value #KIND} and {@code ref = {"region", ["endpoint"], "bucket", "key",
 * "etag", ["version_id"]}}: the ETag (and version, in a versioned bucket) of the object the put
 * created, which is what the object store returns for that object until the next head replaces it.
 * The client uses path-style addressing with an endpoint override (what OCI's compatibility
 * endpoint expects) and sends checksums only where required (OCI refuses the SDK's default trailing
 * checksums).
 */
public final class ObjectStoreAnchor implements Anchor {
  public static final String KIND = "object-store";

  private static final String OBJECT_SUFFIX = ".anchor.json";

  private final S3Client client;
  private final CloudEndpoint endpoint;
  private final String bucket;
  private final String prefix;
  private final Clock clock;

  /** An anchor in {@code bucket} under {@code prefix} ("" or ending in '/') through {@code client}, configured for {@code endpoint}. */
  public ObjectStoreAnchor(S3Client client, CloudEndpoint endpoint, String bucket, String prefix, Clock clock) {
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,62}")) throw new IllegalArgumentException("not a bucket name: " + bucket);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) throw new IllegalArgumentException("the prefix must end in '/': " + prefix);
    this.client = client;
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.prefix = prefix;
    this.clock = clock;
  }

  /** A client for {@code endpoint} with {@code credentials} (close it when done). */
  public static S3Client client(CloudEndpoint endpoint, AwsCredentialsProvider credentials) {
    return endpoint.configure(S3Client.builder(), credentials)
        .forcePathStyle(endpoint.endpoint() != null)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Creates the bucket if it does not exist: for a local stand-in or a first set-up. */
  public void createBucket() throws CoreException {
    try {
      client.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // It exists already.
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot create bucket " + bucket + " (" + endpoint + ")", e);
    }
  }

  String key(String runId) {
    return prefix + runId + OBJECT_SUFFIX;
  }

  @Override
  public AnchorReceipt anchor(AnchorRequest request) throws CoreException {
    String runId = RunLayout.checkRunId(request.runId(), "run");
    AnchorReceipt last = latest(runId);
    request.requireExtends(last);
    JsonObject.Builder ref = JsonObject.builder();
    endpoint.putInto(ref);
    AnchorReceipt stored = StoredHead.next(KIND, last, request, clock, ref.put("bucket", bucket).put("key", key(runId)).build());
    return write(runId, stored, last == null ? null : etag(last));
  }

  /**
   * Puts {@code stored} if the object is still the one with {@code readEtag} (absent when null), and
   * returns it with the ETag and version the store gave it. The store refuses a stale put (412).
   */
  AnchorReceipt write(String runId, AnchorReceipt stored, String readEtag) throws CoreException {
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key(runId)).contentType("application/json");
    if (readEtag == null) {
      put.ifNoneMatch("*");
    } else {
      put.ifMatch(readEtag);
    }
    PutObjectResponse r;
    try {
      r = client.putObject(put.build(), RequestBody.fromBytes(StoredHead.encode(runId, stored)));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) { // 409: S3's answer to two conditional puts racing
        throw CoreException.of(Reason.ANCHOR_REJECTED, "the anchor object changed since it was read (another writer anchored this run)")
            .file(where(runId)).field("etag").expected(readEtag == null ? "no object" : readEtag).actual("another object").build(e);
      }
      throw CloudEndpoint.unreachable("cannot write " + where(runId), e);
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot write " + where(runId), e);
    }
    return withVersion(stored, r.eTag(), r.versionId());
  }

  @Override
  public AnchorReceipt latest(String runId) throws CoreException {
    RunLayout.checkRunId(runId, "run");
    ResponseBytes<GetObjectResponse> got;
    try {
      got = client.getObjectAsBytes(b -> b.bucket(bucket).key(key(runId)));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw CloudEndpoint.unreachable("cannot read " + where(runId), e);
    }
    AnchorReceipt stored = StoredHead.decode(runId, got.asByteArray(), where(runId));
    if (stored.ref().get("etag") != null) {
      throw CoreException.of(Reason.BAD_FIELD, "a stored head names its own ETag").file(where(runId)).field("receipt.ref.etag")
          .expected("absent").actual(stored.ref().get("etag")).build();
    }
    return withVersion(stored, got.response().eTag(), got.response().versionId());
  }

  private static AnchorReceipt withVersion(AnchorReceipt stored, String etag, String versionId) throws CoreException {
    if (etag == null || etag.isEmpty()) {
      throw CoreException.of(Reason.ANCHOR_UNREACHABLE, "the object store returned no ETag: it cannot serve as a conditional-put anchor")
          .build();
    }
    JsonObject.Builder ref = JsonObject.builder().putAll(stored.ref().members()).put("etag", etag);
    if (versionId != null && !versionId.isEmpty() && !"null".equals(versionId)) ref.put("version_id", versionId);
    return new AnchorReceipt(stored.kind(), stored.counter(), stored.treeSize(), stored.root(), stored.time(), ref.build());
  }

  private static String etag(AnchorReceipt r) {
    return ((JsonString) r.ref().get("etag")).value();
  }

  private String where(String runId) {
    return "object-store:" + bucket + "/" + key(runId) + " (" + endpoint + ")";
  }

  /** The object an object-store receipt's ref names, and where it lives (its endpoint overridden by {@code override} if given). */
  static ObjectStoreAnchor forReceipt(AnchorReceipt receipt, URI override, AwsCredentialsProvider credentials,
      Consumer<AutoCloseable> owner) throws CoreException {
    JsonFields ref = JsonFields.of(receipt.ref(), "ref");
    CloudEndpoint at = CloudEndpoint.read(ref).at(override);
    String bucket = ref.string("bucket", 63);
    String key = ref.string("key", 1024);
    String suffix = OBJECT_SUFFIX;
    int slash = key.lastIndexOf('/');
    if (!key.endsWith(suffix) || !bucket.matches("[a-z0-9][a-z0-9.-]{1,62}")) {
      throw ref.bad("key", "not an anchor object", "<bucket>/<prefix><run-id>" + suffix, bucket + "/" + key);
    }
    S3Client c = client(at, credentials);
    owner.accept(c);
    return new ObjectStoreAnchor(c, at, bucket, key.substring(0, slash + 1), Clock.systemUTC());
  }
}
