package io.sac4cps.platform.resilience;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Bounds every SNS, SQS and S3 call a function makes (outbox publishes, dead letters, task work,
 * task output): an attempt that gets no answer within {@code sac4cps.aws.attempt-timeout} is
 * abandoned and retried by the SDK's standard strategy (exponential backoff with jitter), and the
 * whole call gives up after {@code sac4cps.aws.call-timeout}. S3 has bounds of its own ({@code
 * sac4cps.aws.s3.*}, 10 s / 30 s): one attempt may upload a 5 MB part. Without them a hung
 * connection holds the invocation until Lambda's own timeout, and the requests behind it pile up.
 * What fails is safe to fail: the outbox keeps the event for the relay (which then backs off, see
 * {@code OutboxRelay}), a consumer's batch is redelivered, a task run is retried; the circuit
 * breakers (decision 0063, 0066) then spare the calls after it the wait.
 */
public final class SdkCallTimeouts {
  private SdkCallTimeouts() {}

  /** Sets both bounds on the builder of one client type. */
  abstract static class Bounded<B extends AwsClientBuilder<B, ?>>
      implements BeanCreatedEventListener<B> {
    private final Duration attempt;
    private final Duration call;

    Bounded(Duration attempt, Duration call) {
      this.attempt = attempt;
      this.call = call;
    }

    @Override
    public B onCreated(BeanCreatedEvent<B> event) {
      B builder = event.getBean();
      return builder.overrideConfiguration(
          builder.overrideConfiguration().toBuilder()
              .apiCallAttemptTimeout(attempt)
              .apiCallTimeout(call)
              .build());
    }
  }

  @Singleton
  @Requires(classes = SnsClient.class)
  static final class Sns extends Bounded<SnsClientBuilder> {
    Sns(
        @Value("${sac4cps.aws.attempt-timeout:2s}") Duration attempt,
        @Value("${sac4cps.aws.call-timeout:6s}") Duration call) {
      super(attempt, call);
    }
  }

  @Singleton
  @Requires(classes = SqsClient.class)
  static final class Sqs extends Bounded<SqsClientBuilder> {
    Sqs(
        @Value("${sac4cps.aws.attempt-timeout:2s}") Duration attempt,
        @Value("${sac4cps.aws.call-timeout:6s}") Duration call) {
      super(attempt, call);
    }
  }

  @Singleton
  @Requires(classes = S3Client.class)
  static final class S3 extends Bounded<S3ClientBuilder> {
    S3(
        @Value("${sac4cps.aws.s3.attempt-timeout:10s}") Duration attempt,
        @Value("${sac4cps.aws.s3.call-timeout:30s}") Duration call) {
      super(attempt, call);
    }
  }
}
