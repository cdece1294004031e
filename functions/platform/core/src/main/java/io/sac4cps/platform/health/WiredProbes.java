package io.sac4cps.platform.health;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.DisabledBeanException;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.sqs.SqsQueueUrls;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The probes of the messaging and storage a function uses, as contracts/wiring.yaml says it does (a
 * function that does not use SNS has no {@code aws_sns} probe, so it is never DEGRADED for it). An
 * AWS service's error answer (403, 404) counts as an answer: the dependency is there, only an
 * outage (no answer, a 5xx) is DOWN, as for the breakers (decision 0066), and no IAM permission is
 * needed beyond what the function has.
 */
@Factory
class WiredProbes {
  private final Wiring wiring = Wiring.load();
  private final String function;

  WiredProbes(@Value("${micronaut.application.name:}") String function) {
    this.function = function;
  }

  /**
   * A Kafka {@code ApiVersions} exchange with the first bootstrap broker that answers one (over TLS
   * when the client's protocol is SSL or SASL_SSL): the broker serves requests, not only accepts
   * connections. ApiVersions is the one request a broker answers before SASL authentication, so no
   * credentials are needed under MSK IAM either (decision 0076).
   */
  @Singleton
  @Named("kafka")
  @Requires(property = "kafka.bootstrap.servers")
  DependencyProbe kafka(
      @Value("${kafka.bootstrap.servers}") String servers,
      @Value("${kafka.security.protocol:PLAINTEXT}") String protocol,
      @Value("${sac4cps.health.probe-timeout:2s}") Duration timeout) {
    boolean uses =
        wiring.kafkaTopics().stream()
            .anyMatch(
                t ->
                    t.producers().contains(function)
                        || t.consumers().stream().anyMatch(c -> c.function().equals(function)));
    if (!uses) {
      throw unused("kafka");
    }
    KafkaApiVersions exchange =
        new KafkaApiVersions(
            List.of(servers.split(",")),
            protocol.toUpperCase(Locale.ROOT).endsWith("SSL"),
            timeout);
    return probe("kafka", exchange::exchange);
  }

  /** {@code GetQueueUrl} of a queue the function sends to or consumes. */
  @Singleton
  @Named("aws_sqs")
  @Requires(beans = SqsQueueUrls.class)
  DependencyProbe sqs(SqsQueueUrls queues) {
    Optional<String> queue =
        wiring.queues().stream()
            .filter(
                q ->
                    q.producers().contains(function)
                        || q.consumer().map(c -> c.function().equals(function)).orElse(false))
            .map(SqsQueue::name)
            .findFirst();
    String name = queue.orElseThrow(() -> unused("aws_sqs"));
    return probe("aws_sqs", answered(() -> queues.client().getQueueUrl(b -> b.queueName(name))));
  }

  /** {@code ListTopics} (one page) when the function publishes to an SNS topic. */
  @Singleton
  @Named("aws_sns")
  @Requires(classes = SnsClient.class)
  DependencyProbe sns(BeanProvider<SnsClient> sns) {
    boolean publishes =
        wiring.topics().stream().map(SnsTopic::producers).anyMatch(p -> p.contains(function));
    if (!publishes) {
      throw unused("aws_sns");
    }
    return probe("aws_sns", answered(() -> sns.get().listTopics()));
  }

  /** {@code HeadBucket} of the first bucket the function is given. */
  @Singleton
  @Named("aws_s3")
  @Requires(classes = S3Client.class)
  DependencyProbe s3(BeanProvider<S3Client> s3, Environment environment) {
    Optional<String> bucket =
        environment.getPropertyEntries("sac4cps.s3.buckets").stream()
            .sorted()
            .findFirst()
            .flatMap(name -> environment.getProperty("sac4cps.s3.buckets." + name, String.class));
    String name = bucket.orElseThrow(() -> unused("aws_s3"));
    return probe("aws_s3", answered(() -> s3.get().headBucket(b -> b.bucket(name))));
  }

  /** Leaves the probe out of the function's list: it does not use that dependency. */
  private DisabledBeanException unused(String dependency) {
    return new DisabledBeanException(function + " does not use " + dependency);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Call answered(Call call) {
    return () -> {
      try {
        call.run();
      } catch (AwsServiceException e) {
        if (e.statusCode() >= 500 || e.isThrottlingException()) {
          throw e;
        }
      }
    };
  }

  private static DependencyProbe probe(String name, Call call) {
    return new DependencyProbe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void probe() throws Exception {
        call.run();
      }
    };
  }
}
