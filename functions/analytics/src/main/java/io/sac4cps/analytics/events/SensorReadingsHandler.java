package io.sac4cps.analytics.events;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.consumer.KafkaEventConsumer;
import jakarta.inject.Inject;

/**
 * The Lambda behind analytics' {@code sensor.readings} event-source mapping
 * (contracts/wiring.yaml): adds the batch to the per-sensor aggregates. Poison records go to the
 * wiring's DLQ; any other failure fails the invocation and Lambda redelivers the batch, which the
 * event-id dedupe makes harmless.
 */
public class SensorReadingsHandler extends MicronautRequestHandler<KafkaEvent, String> {

  @Inject KafkaEventConsumer consumer;
  @Inject ReadingProjection projection;

  public SensorReadingsHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public SensorReadingsHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(KafkaEvent event) {
    return consumer.consume(event, projection).toString();
  }
}
