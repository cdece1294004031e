package io.sac4cps.platform.storage;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A part of a multipart upload S3 acknowledged: what completing the upload needs, small enough to
 * keep in a task's checkpoint.
 */
@Serdeable
public record UploadedPart(int number, String etag, long size) {}
