package io.sac4cps.analytics.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import jakarta.inject.Inject;

/** The Lambda behind SQS {@code analytics-alerts} (SNS {@code alerts}, raw delivery). */
public class AlertsQueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject SqsEventConsumer consumer;
  @Inject AlertProjection projection;

  public AlertsQueueHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public AlertsQueueHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return consumer.consume(event, projection);
  }
}
