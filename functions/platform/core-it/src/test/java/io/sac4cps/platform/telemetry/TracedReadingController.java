package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.security.Caller;
import java.sql.Connection;
import java.util.Map;

/**
 * What a producing function's request does, reduced to it: records one event in the outbox in the
 * request's transaction (to the Kafka topic {@code it.traced-topic}), answers 202.
 */
@Controller("/traced-readings")
@Requires(property = "it.traced-topic")
@Secured(SecurityRule.IS_AUTHENTICATED)
class TracedReadingController {
  static final String TYPE = "it.reading.recorded.v1";

  private final TransactionOperations<Connection> transactions;
  private final Outbox outbox;
  private final String topic;

  TracedReadingController(
      TransactionOperations<Connection> transactions,
      Outbox outbox,
      @Value("${it.traced-topic}") String topic) {
    this.transactions = transactions;
    this.outbox = outbox;
    this.topic = topic;
  }

  @Post
  HttpResponse<?> record(Caller caller, @Body Map<String, Object> reading) {
    CloudEvent<Map<String, Object>> event =
        CloudEvent.of(TYPE, "it", "s-1", caller.tenantId(), reading);
    transactions.executeWrite(
        status -> outbox.add(outbox.message(event.id(), Destination.kafka(topic), "s-1", event)));
    return HttpResponse.accepted();
  }
}
