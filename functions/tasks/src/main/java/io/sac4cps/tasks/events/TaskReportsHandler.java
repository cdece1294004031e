package io.sac4cps.tasks.events;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.consumer.KafkaEventConsumer;
import jakarta.inject.Inject;

/**
 * The Lambda behind the {@code task.reports} event-source mapping (contracts/wiring.yaml): applies
 * the owners' reports; the status changes are published after its commit (platform's Outbox).
 * Poison records go to {@link TaskReportProjection#DEAD_LETTER_QUEUE}; any other failure fails the
 * invocation and Lambda redelivers the batch, which the event-id dedupe and the report sequence
 * make harmless.
 */
public class TaskReportsHandler extends MicronautRequestHandler<KafkaEvent, String> {

  @Inject KafkaEventConsumer consumer;
  @Inject TaskReportProjection projection;

  public TaskReportsHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public TaskReportsHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(KafkaEvent event) {
    return consumer.consume(event, projection).toString();
  }
}
