package io.sac4cps.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fake AWS account that the embedded SQS and SNS servers live in: one region, one account id,
 * dummy credentials (the servers do not check signatures), and clients pointed at a local endpoint.
 */
public final class LocalAwsAccount {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = "000000000000";
  public static final String ACCESS_KEY_ID = "local";
  public static final String SECRET_KEY = "local";

  private LocalAwsAccount() {}

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY));
  }

  /** An SQS client for a local endpoint; create one and share it, it holds a connection pool. */
  public static SqsClient sqsClient(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /** An SNS client for a local endpoint; create one and share it, it holds a connection pool. */
  public static SnsClient snsClient(URI endpoint) {
    return SnsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }
}
