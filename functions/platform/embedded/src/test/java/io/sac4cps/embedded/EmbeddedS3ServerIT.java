package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3ServerIT {

  private static EmbeddedS3Server server;

  @BeforeAll
  static void start() {
    server = EmbeddedS3Server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void storesAnObjectWithItsContentType() {
    server.createBucket("reports");
    server.createBucket("reports");
    server
        .client()
        .putObject(
            r -> r.bucket("reports").key("t1/a.csv").contentType("text/csv"),
            RequestBody.fromString("a,b\n1,2\n"));

    var object = server.client().getObjectAsBytes(r -> r.bucket("reports").key("t1/a.csv"));

    assertThat(object.asUtf8String()).isEqualTo("a,b\n1,2\n");
    assertThat(object.response().contentType()).isEqualTo("text/csv");
  }

  @Test
  void refusesRequestsSignedWithOtherCredentials() {
    server.createBucket("private");
    try (S3Client stranger =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.of(LocalAwsAccount.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LocalAwsAccount.ACCESS_KEY_ID, "not-the-secret")))
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      assertThatThrownBy(() -> stranger.listObjectsV2(r -> r.bucket("private")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }
}
