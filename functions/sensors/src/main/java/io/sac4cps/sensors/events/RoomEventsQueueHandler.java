package io.sac4cps.sensors.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import jakarta.inject.Inject;

/** The Lambda behind SQS {@code sensors-rooms} (SNS {@code room-events}, raw delivery). */
public class RoomEventsQueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject SqsEventConsumer consumer;
  @Inject RoomProjection projection;

  public RoomEventsQueueHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public RoomEventsQueueHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return consumer.consume(event, projection);
  }
}
