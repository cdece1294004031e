package io.sac4cps.platform.storage;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import jakarta.inject.Singleton;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The buckets of contracts/wiring.yaml a function may use, by their wiring name: the deployed
 * bucket's name is {@code sac4cps.s3.buckets.<name>} (env {@code SAC4CPS_S3_BUCKETS_<NAME>}, set by
 * CDK and the local stack for each bucket's {@code users}).
 */
@Singleton
@Requires(classes = S3Client.class)
public class Buckets {
  private static final String PREFIX = "sac4cps.s3.buckets.";

  private final S3Client s3;
  private final S3Presigner presigner;
  private final Environment environment;
  private final Breaker breaker;

  public Buckets(
      S3Client s3, S3Presigner presigner, Environment environment, CircuitBreakers breakers) {
    this.s3 = s3;
    this.presigner = presigner;
    this.environment = environment;
    this.breaker = breakers.of(ObjectStorage.DEPENDENCY, ObjectStorage.BREAKER);
  }

  /**
   * The storage of the wiring's bucket {@code name}.
   *
   * @throws IllegalStateException when this function is not one of the bucket's users
   */
  public ObjectStorage named(String name) {
    String bucket =
        environment
            .getProperty(PREFIX + name, String.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no bucket '"
                            + name
                            + "' configured: is this function among its users in"
                            + " contracts/wiring.yaml? (SAC4CPS_S3_BUCKETS_"
                            + name.toUpperCase(Locale.ROOT).replace('-', '_')
                            + ")"));
    return new ObjectStorage(s3, presigner, bucket, breaker);
  }
}
