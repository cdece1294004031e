package io.sac4cps.sensors.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.BackgroundPublishing;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxBatch;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.outbox.OutboxPublisher;
import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay against the real outbox table, with a broker that acknowledges only some messages: the
 * row keeps exactly the unacknowledged ones, and the next relay publishes those and nothing else.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA})
class OutboxRelayIT {
  private static ApiFunction sensors;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    sensors = ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
  }

  @AfterAll
  static void stop() {
    sensors.close();
  }

  /** A Kafka stand-in that acknowledges the messages {@code accepts} lets through. */
  private static final class Broker implements OutboxPublisher {
    final List<String> published = new ArrayList<>();
    Predicate<OutboxMessage> accepts = m -> true;

    @Override
    public Destination.Kind kind() {
      return Destination.Kind.KAFKA;
    }

    @Override
    public Set<String> publish(List<OutboxMessage> messages) {
      Set<String> acknowledged = new HashSet<>();
      for (OutboxMessage message : messages) {
        if (accepts.test(message)) {
          published.add(message.id());
          acknowledged.add(message.id());
        }
      }
      return acknowledged;
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPartlyAcknowledgedBatchKeepsOnlyWhatTheBrokerDidNotTake() {
    TransactionOperations<Connection> transactions = sensors.bean(TransactionOperations.class);
    Broker broker = new Broker();
    OutboxRelay relay =
        new OutboxRelay(transactions, List.of(broker), 20, Duration.ZERO, Clock.systemUTC());
    // The outbox publishes after commit through this relay; its broker refuses that first try, so
    // the row is still there, whole, for the relay calls below.
    Outbox outbox =
        new Outbox(transactions, sensors.bean(JsonMapper.class), relay, new BackgroundPublishing());
    broker.accepts = m -> false;
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      messages.add(
          new OutboxMessage(
              "relay-it-" + i,
              Destination.kafka("relay.it"),
              "k",
              ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    List<OutboxBatch> written = transactions.executeWrite(status -> outbox.addAll(messages));
    assertThat(written).hasSize(1);

    broker.accepts = m -> m.id().compareTo("relay-it-3") < 0;
    assertThat(relay.publishCommitted(written)).isEqualTo(3);
    assertThat(relay.pending()).isEqualTo(3);

    broker.accepts = m -> true;
    assertThat(relay.relayPending()).isEqualTo(3);
    assertThat(relay.pending()).isZero();
    assertThat(broker.published)
        .containsExactly(
            "relay-it-0", "relay-it-1", "relay-it-2", "relay-it-3", "relay-it-4", "relay-it-5");
  }
}
