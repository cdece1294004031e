package io.sac4cps.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox's circuit breaker against a real Kafka broker that is stopped and started again: the
 * first commit after the broker went down pays one bounded wait and opens the breaker; the commits
 * after it do not call the broker at all (fail fast) and keep their events; once the broker is back
 * the scheduled drain's trial closes the breaker, every event is on the topic, and commits publish
 * right away again. The broker is this class's own, so stopping it disturbs no other test.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class OutboxBreakerIT {
  private static EmbeddedKafkaBroker kafka;
  private static ApplicationContext context;
  private static TransactionOperations<Connection> transactions;
  private static Outbox outbox;
  private static OutboxRelay relay;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    kafka = EmbeddedKafkaBroker.startNew();
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    // The bounded waits a function configures (sensors: 2 s / 3 s / 8 s), shortened for the test.
    properties.put("kafka.producers.outbox.max.block.ms", "1000");
    properties.put("kafka.producers.outbox.request.timeout.ms", "1000");
    properties.put("kafka.producers.outbox.delivery.timeout.ms", "1500");
    properties.put("kafka.producers.outbox.linger.ms", "5");
    properties.put("kafka.producers.outbox.enable.idempotence", "true");
    properties.put("kafka.producers.outbox.acks", "all");
    properties.put("sac4cps.outbox.backoff", "1h");
    properties.put("micronaut.application.name", "breaker-it");
    context = ApplicationContext.run(properties);
    transactions = context.getBean(TransactionOperations.class);
    outbox = context.getBean(Outbox.class);
    relay = context.getBean(OutboxRelay.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void whileKafkaIsDownCommitsFailFastAndKeepTheirEventsAndTheBreakerClosesWhenItReturns() {
    String topic = "breaker-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(topic, 1);
    Breaker breaker = relay.breaker(Destination.Kind.KAFKA);
    List<String> expected = new ArrayList<>();

    commit(topic, "up", 1, expected);
    assertThat(relay.pending()).as("published right after the commit").isZero();
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);

    long[] failFast = new long[5];
    long[] firstDown = new long[1];
    kafka.stop();
    EmbeddedMetricLines lines;
    try {
      lines =
          EmbeddedMetricLines.capture(
              () -> {
                firstDown[0] = timed(() -> commit(topic, "first-down", 2, expected));
                assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
                for (int i = 0; i < failFast.length; i++) {
                  int n = i;
                  failFast[i] = timed(() -> commit(topic, "open-" + n, 1, expected));
                }
              });
      assertThat(relay.pending()).as("every event waits in the outbox").isEqualTo(7);
    } finally {
      kafka.start();
    }

    // The first commit waited for the producer's delivery timeout (1.5 s); the others did not.
    assertThat(firstDown[0]).as("first commit, ms").isGreaterThanOrEqualTo(1000);
    for (long took : failFast) {
      assertThat(took).as("commit while open, ms").isLessThan(firstDown[0] / 2);
    }
    Map<String, String> dependency = Map.of("Service", "breaker-it", "Dependency", "kafka");
    assertThat(lines.sum("BreakerOpened", dependency)).isEqualTo(1);
    assertThat(lines.sum("CallsNotPermitted", dependency))
        .as("commits that did not call the broker")
        .isEqualTo(5);
    assertThat(lines.sum("RelayFailures", Map.of("Destination", "kafka")))
        .as("only the attempted publish failed")
        .isEqualTo(2);

    // The scheduled drain (once a minute in AWS) is the trial, whatever the breaker's state; the
    // broker may take a moment to lead its partition again.
    int drained = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (relay.pending() > 0 && System.nanoTime() < deadline) {
      drained += relay.relayPending();
    }
    assertThat(drained).isEqualTo(7);
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);

    commit(topic, "after", 1, expected);
    assertThat(relay.pending()).as("commits publish right away again").isZero();

    assertThat(eventIds(topic, expected.size()))
        .as("nothing lost")
        .containsExactlyInAnyOrderElementsOf(new HashSet<>(expected));
  }

  private static void commit(String topic, String prefix, int n, List<String> ids) {
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i + "-" + UUID.randomUUID();
      ids.add(id);
      messages.add(
          new OutboxMessage(
              id,
              Destination.kafka(topic),
              "k",
              ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
    }
    transactions.executeWrite(status -> outbox.addAll(messages));
  }

  private static long timed(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** The distinct event ids on the topic, read until {@code expected} were seen (or 30 s). */
  private static Set<String> eventIds(String topic, int expected) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ids.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          String value = record.value();
          ids.add(value.substring(value.indexOf(":\"") + 2, value.lastIndexOf('"')));
        }
      }
    }
    return ids;
  }
}
