/**
 * Files that functions hand to people: reports and exports, stored in the wiring's private S3
 * buckets and read through presigned GET URLs, so no download passes through a Lambda or the API.
 *
 * <p>Every key belongs to a tenant ({@link io.sac4cps.platform.storage.ObjectKey}): the S3 key is
 * {@code tenants/<tenantId>/<name>}, and a name cannot climb out of its tenant's prefix, so code
 * that builds keys from the caller's tenant can never store into or hand out another tenant's
 * object. A presigned URL opens exactly one object until it expires (decision 0018).
 *
 * <p>Configuration: {@code sac4cps.s3.buckets.<name>} per bucket of the wiring (env {@code
 * SAC4CPS_S3_BUCKETS_<NAME>}, see {@link io.sac4cps.platform.storage.Buckets}); locally also {@code
 * aws.services.s3.endpoint-override} and {@code aws.services.s3.path-style-access-enabled: true}. A
 * function that stores files declares {@code software.amazon.awssdk:s3}; without it none of these
 * beans exist (decision 0008).
 */
package io.sac4cps.platform.storage;
