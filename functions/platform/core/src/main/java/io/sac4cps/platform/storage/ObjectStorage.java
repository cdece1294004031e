package io.sac4cps.platform.storage;

import io.sac4cps.platform.consumer.TransientFailure;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.DependencyUnavailable;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Stores a tenant's files in one of the wiring's private buckets ({@link Buckets#named}) and hands
 * out presigned GET URLs for them. Every operation takes an {@link ObjectKey}, which carries the
 * tenant.
 *
 * <p>Every call to S3 goes through the function's {@code aws_s3} circuit breaker (decision 0066)
 * and is bounded by {@code SdkCallTimeouts}: once S3 stopped answering, calls throw {@link
 * DependencyUnavailable} at once instead of each waiting out its timeout. The caller's work is not
 * lost: a task run (the only writer) that fails on it is retried with a backoff from its last
 * checkpoint, without spending an attempt ({@code TaskWork}). Presigning is computed locally and
 * never refused.
 */
public class ObjectStorage {
  static final String DEPENDENCY = "aws_s3";

  /**
   * Opens when half of the last 10 calls (at least 3) found S3 unreachable or failing; a trial
   * after 30 s.
   */
  static final Breaker.Settings BREAKER = new Breaker.Settings(10, 3, 50, Duration.ofSeconds(30));

  /** SigV4's limit; URLs signed with a Lambda role's session credentials die with the session. */
  public static final Duration MAX_URL_VALIDITY = Duration.ofDays(7);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final Breaker breaker;

  ObjectStorage(S3Client s3, S3Presigner presigner, String bucket, Breaker breaker) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.breaker = breaker;
  }

  /** An S3 call through the breaker: only no answer or a 5xx/throttling counts against S3. */
  private <T> T call(Supplier<T> request) {
    return breaker.guarded(request, TransientFailure::causes);
  }

  /** Stores {@code content} under {@code key}, replacing what was there. */
  public StoredObject put(ObjectKey key, byte[] content, String contentType) {
    call(
        () ->
            s3.putObject(
                request -> request.bucket(bucket).key(key.s3Key()).contentType(contentType),
                RequestBody.fromBytes(content)));
    return new StoredObject(key, content.length, contentType);
  }

  /**
   * Stores {@code length} bytes read from {@code content} (e.g. an export streamed from a file),
   * replacing what was there. The caller closes the stream.
   */
  public StoredObject put(ObjectKey key, InputStream content, long length, String contentType) {
    call(
        () ->
            s3.putObject(
                request -> request.bucket(bucket).key(key.s3Key()).contentType(contentType),
                RequestBody.fromInputStream(content, length)));
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

  /**
   * Starts a multipart upload to {@code key}: large output (an export) is streamed in parts of at
   * least {@link #MIN_PART_BYTES} (the last one may be smaller) and exists only once completed.
   *
   * @return the upload id
   */
  public String startMultipart(ObjectKey key, String contentType) {
    return call(() ->
            s3.createMultipartUpload(
                request -> request.bucket(bucket).key(key.s3Key()).contentType(contentType)))
        .uploadId();
  }

  /** S3's smallest part but the last. */
  public static final int MIN_PART_BYTES = 5 * 1024 * 1024;

  /** Uploads part {@code number} (1 to 10,000) of {@code length} bytes of {@code content}. */
  public UploadedPart uploadPart(
      ObjectKey key, String uploadId, int number, byte[] content, int length) {
    String etag =
        call(() ->
                s3.uploadPart(
                    request ->
                        request
                            .bucket(bucket)
                            .key(key.s3Key())
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength((long) length),
                    RequestBody.fromInputStream(
                        new java.io.ByteArrayInputStream(content, 0, length), length)))
            .eTag();
    return new UploadedPart(number, etag, length);
  }

  /** Completes the upload from its parts (in part order): the object appears whole. */
  public StoredObject completeMultipart(
      ObjectKey key, String uploadId, List<UploadedPart> parts, String contentType) {
    List<CompletedPart> completed =
        parts.stream()
            .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
            .toList();
    call(
        () ->
            s3.completeMultipartUpload(
                request ->
                    request
                        .bucket(bucket)
                        .key(key.s3Key())
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(completed))));
    return new StoredObject(key, parts.stream().mapToLong(UploadedPart::size).sum(), contentType);
  }

  /** Aborts the upload and drops its parts; an upload that is gone already is no error. */
  public void abortMultipart(ObjectKey key, String uploadId) {
    try {
      call(
          () ->
              s3.abortMultipartUpload(
                  request -> request.bucket(bucket).key(key.s3Key()).uploadId(uploadId)));
    } catch (NoSuchUploadException e) {
      // Aborted or completed before: nothing is left to drop.
    }
  }

  /** The multipart uploads under way below {@code key}'s name (a prefix). */
  public List<String> multipartUploads(ObjectKey prefix) {
    return call(
            () -> s3.listMultipartUploads(request -> request.bucket(bucket).prefix(prefix.s3Key())))
        .uploads()
        .stream()
        .map(software.amazon.awssdk.services.s3.model.MultipartUpload::uploadId)
        .toList();
  }
}
