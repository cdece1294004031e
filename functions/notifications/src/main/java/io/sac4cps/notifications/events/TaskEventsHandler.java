package io.sac4cps.notifications.events;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.notifications.service.Deliveries;
import io.sac4cps.platform.consumer.KafkaEventConsumer;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The Lambda behind the {@code task.events} event-source mapping: applies the batch (platform's
 * {@link KafkaEventConsumer}: dedupe on the event id, poison to the wiring's DLQ), then sends what
 * it queued.
 */
public class TaskEventsHandler extends MicronautRequestHandler<KafkaEvent, String> {
  @Inject KafkaEventConsumer consumer;
  @Inject TaskEventsProjection projection;
  @Inject Deliveries deliveries;
  @Inject Tracing tracing;

  public TaskEventsHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public TaskEventsHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(KafkaEvent event) {
    String result = consumer.consume(event, projection).toString();
    try {
      deliveries.deliverDue(Duration.ofSeconds(5));
    } finally {
      // The consumer flushed its own spans; the deliveries' spans end after it (decision 0048).
      tracing.invocationEnded();
    }
    return result;
  }
}
