package io.sac4cps.platform.storage;

import java.io.InputStream;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Stores a tenant's files in one of the wiring's private buckets ({@link Buckets#named}) and hands
 * out presigned GET URLs for them. Every operation takes an {@link ObjectKey}, which carries the
 * tenant.
 */
public class ObjectStorage {

  /** SigV4's limit; URLs signed with a Lambda role's session credentials die with the session. */
  public static final Duration MAX_URL_VALIDITY = Duration.ofDays(7);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  ObjectStorage(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  /** Stores {@code content} under {@code key}, replacing what was there. */
  public StoredObject put(ObjectKey key, byte[] content, String contentType) {
    s3.putObject(
        request -> request.bucket(bucket).key(key.s3Key()).contentType(contentType),
        RequestBody.fromBytes(content));
    return new StoredObject(key, content.length, contentType);
  }

  /**
   * Stores {@code length} bytes read from {@code content} (e.g. an export streamed from a file),
   * replacing what was there. The caller closes the stream.
   */
  public StoredObject put(ObjectKey key, InputStream content, long length, String contentType) {
    s3.putObject(
        request -> request.bucket(bucket).key(key.s3Key()).contentType(contentType),
        RequestBody.fromInputStream(content, length));
    return new StoredObject(key, length, contentType);
  }

  /**
   * A URL that GETs the object under {@code key} for {@code validFor}; it does not check that the
   * object exists (a URL for a missing one answers 404).
   */
  public PresignedUrl presignedGet(ObjectKey key, Duration validFor) {
    if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_URL_VALIDITY) > 0) {
      throw new IllegalArgumentException(
          "a presigned URL is valid for more than 0 and at most 7 days: " + validFor);
    }
    PresignedGetObjectRequest presigned =
        presigner.presignGetObject(
            request ->
                request
                    .signatureDuration(validFor)
                    .getObjectRequest(get -> get.bucket(bucket).key(key.s3Key())));
    try {
      return new PresignedUrl(presigned.url().toURI(), presigned.expiration());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("S3 presigner made an invalid URL", e);
    }
  }
}
