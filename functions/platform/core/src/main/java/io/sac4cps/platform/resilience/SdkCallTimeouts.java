package io.sac4cps.platform.resilience;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Bounds every SNS and SQS call a function makes (outbox publishes, dead letters, task work): an
 * attempt that gets no answer within {@code sac4cps.aws.attempt-timeout} is abandoned and retried
 * by the SDK's standard strategy (exponential backoff with jitter), and the whole call gives up
 * after {@code sac4cps.aws.call-timeout}. Without them a hung connection holds the invocation until
 * Lambda's own timeout, and the requests behind it pile up. What fails is safe to fail: the outbox
 * keeps the event for the relay (which then backs off, see {@code OutboxRelay}), a consumer's batch
 * is redelivered.
 */
public final class SdkCallTimeouts {
  private SdkCallTimeouts() {}

  static ClientOverrideConfiguration bounded(
      ClientOverrideConfiguration current, Duration attempt, Duration call) {
    return current.toBuilder().apiCallAttemptTimeout(attempt).apiCallTimeout(call).build();
  }

  @Singleton
  @Requires(classes = SnsClient.class)
  static final class Sns implements BeanCreatedEventListener<SnsClientBuilder> {
    private final Duration attempt;
    private final Duration call;

    Sns(
        @Value("${sac4cps.aws.attempt-timeout:2s}") Duration attempt,
        @Value("${sac4cps.aws.call-timeout:6s}") Duration call) {
      this.attempt = attempt;
      this.call = call;
    }

    @Override
    public SnsClientBuilder onCreated(BeanCreatedEvent<SnsClientBuilder> event) {
      SnsClientBuilder builder = event.getBean();
      return builder.overrideConfiguration(bounded(builder.overrideConfiguration(), attempt, call));
    }
  }

  @Singleton
  @Requires(classes = SqsClient.class)
  static final class Sqs implements BeanCreatedEventListener<SqsClientBuilder> {
    private final Duration attempt;
    private final Duration call;

    Sqs(
        @Value("${sac4cps.aws.attempt-timeout:2s}") Duration attempt,
        @Value("${sac4cps.aws.call-timeout:6s}") Duration call) {
      this.attempt = attempt;
      this.call = call;
    }

    @Override
    public SqsClientBuilder onCreated(BeanCreatedEvent<SqsClientBuilder> event) {
      SqsClientBuilder builder = event.getBean();
      return builder.overrideConfiguration(bounded(builder.overrideConfiguration(), attempt, call));
    }
  }
}
