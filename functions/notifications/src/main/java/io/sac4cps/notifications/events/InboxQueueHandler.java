package io.sac4cps.notifications.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.notifications.service.Deliveries;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The Lambda behind {@code notifications-inbox} (contracts/wiring.yaml): applies each message in
 * its own transaction (platform's {@link SqsEventConsumer}: dedupe on the event id, poison to the
 * DLQ, partial batch failures), then sends what that queued. A redelivered message queues nothing,
 * and the deliveries' unique key stops a concurrent consumer from sending twice. A retry due later
 * than {@link #RETRY_WAIT} is left to a wake-up message ({@link DeliveryWakeUps}).
 */
public class InboxQueueHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  /** Retries that fall due within this are made in the same invocation (Lambda timeout 15 s). */
  static final Duration RETRY_WAIT = Duration.ofSeconds(5);

  @Inject SqsEventConsumer consumer;
  @Inject InboxProjection projection;
  @Inject Deliveries deliveries;
  @Inject Tracing tracing;

  public InboxQueueHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public InboxQueueHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    // A wake-up (DeliveryWakeUps) is no event: it only has this invocation send what is due.
    SQSEvent events = new SQSEvent();
    events.setRecords(
        event.getRecords() == null
            ? java.util.List.of()
            : event.getRecords().stream().filter(m -> !DeliveryWakeUps.isWakeUp(m)).toList());
    SQSBatchResponse response = consumer.consume(events, projection);
    try {
      deliveries.deliverDue(RETRY_WAIT);
    } finally {
      // The consumer flushed its own spans; the deliveries' spans end after it (decision 0048).
      tracing.invocationEnded();
    }
    return response;
  }
}
