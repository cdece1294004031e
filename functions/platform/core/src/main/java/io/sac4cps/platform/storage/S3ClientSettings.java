package io.sac4cps.platform.storage;

import io.micronaut.aws.sdk.v2.service.s3.S3ConfigurationProperties;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What the platform adds to micronaut-aws-sdk-v2's S3 client (which reads {@code aws.region},
 * credentials and {@code aws.services.s3.*} like every other client): checksums only where S3
 * requires them, and a presigner that signs for the same endpoint, region and addressing style.
 */
@Factory
@Requires(classes = S3Client.class)
class S3ClientSettings implements BeanCreatedEventListener<S3ClientBuilder> {

  /**
   * The SDK's default adds a CRC32 trailer to every upload (aws-chunked encoding), which the local
   * S3 server cannot read (decision 0018). One behaviour everywhere: uploads travel over TLS in
   * AWS, and S3 computes its own checksum of every object it stores.
   */
  @Override
  public S3ClientBuilder onCreated(BeanCreatedEvent<S3ClientBuilder> event) {
    return event.getBean().requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
  }

  /** Signs for the client's region, credentials and endpoint, with {@code aws.services.s3.*}. */
  @Singleton
  @Bean(preDestroy = "close")
  S3Presigner presigner(S3Client s3, S3ConfigurationProperties s3Configuration) {
    // S3Presigner.Builder.s3Client(s3) would still look the region up in the environment.
    S3ServiceClientConfiguration client = s3.serviceClientConfiguration();
    S3Presigner.Builder presigner =
        S3Presigner.builder()
            .region(client.region())
            .credentialsProvider(client.credentialsProvider())
            .serviceConfiguration(s3Configuration.getBuilder().build());
    client.endpointOverride().ifPresent(presigner::endpointOverride);
    return presigner.build();
  }
}
