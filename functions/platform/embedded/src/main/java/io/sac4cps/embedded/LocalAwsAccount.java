package io.sac4cps.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fake AWS account that the embedded SQS, SNS and S3 servers live in: one region, one account
 * id, dummy credentials (only the S3 server checks signatures, against these), and clients pointed
 * at a local endpoint.
 */
public final class LocalAwsAccount {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = "000000000000";
  public static final String ACCESS_KEY_ID = "local";
  public static final String SECRET_KEY = "local";

  private LocalAwsAccount() {}

  /** Micronaut's AWS properties (region and credentials) for a function in this account. */
  public static java.util.Map<String, String> properties() {
    return java.util.Map.of(
        "aws.region", REGION, "aws.access-key-id", ACCESS_KEY_ID, "aws.secret-key", SECRET_KEY);
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY));
  }

  /** An SQS client for a local endpoint; create one and share it. */
  public static SqsClient sqsClient(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** An SNS client for a local endpoint; create one and share it. */
  public static SnsClient snsClient(URI endpoint) {
    return SnsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /**
   * An S3 client for a local endpoint: path-style addressing (no bucket host names on loopback),
   * and checksums only where S3 requires them (S3Proxy cannot read the aws-chunked uploads with
   * trailing checksums that the SDK sends by default). Create one and share it.
   */
  public static S3Client s3Client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
