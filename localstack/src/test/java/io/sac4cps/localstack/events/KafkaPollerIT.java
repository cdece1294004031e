package io.sac4cps.localstack.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka event-source mapping against the in-JVM broker (decision 0059): a batch that keeps
 * failing, as during a database outage, is retried past any fixed number of attempts and committed
 * once the handler succeeds, with nothing sent to the on-failure destination; only records older
 * than the maximum age go there.
 */
class KafkaPollerIT {
  private static EmbeddedKafkaBroker kafka;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafkaBroker.startNew();
    producer = EmbeddedKafkaBroker.stringProducer(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    producer.close();
    kafka.close();
  }

  @Test
  void aBatchThatFailsTransientlyIsRetriedUntilItSucceedsAndNeverDeadLettered() throws Exception {
    kafka.createTopic("outage", 1);
    AtomicInteger attempts = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    try (KafkaPoller poller =
        new KafkaPoller(
                settings("outage", Duration.ofHours(1)),
                event -> {
                  if (attempts.incrementAndGet() <= 5) {
                    throw new IllegalStateException("database unreachable");
                  }
                },
                failures::add)
            .start()) {
      producer.send(new ProducerRecord<>("outage", "k", "reading")).get();

      awaitUntil(() -> poller.committed() == 1, Duration.ofSeconds(60));

      assertThat(attempts.get()).as("more attempts than Lambda's old fixed three").isEqualTo(6);
      assertThat(poller.deadLettered()).isZero();
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void aBatchOlderThanTheMaximumAgeGoesToTheOnFailureDestinationAndThePartitionMovesOn()
      throws Exception {
    kafka.createTopic("expired", 1);
    List<String> failures = new CopyOnWriteArrayList<>();
    try (KafkaPoller poller =
        new KafkaPoller(
                settings("expired", Duration.ofMillis(1)),
                event -> {
                  throw new IllegalStateException("database unreachable");
                },
                failures::add)
            .start()) {
      producer.send(new ProducerRecord<>("expired", "k", "reading")).get();

      awaitUntil(() -> poller.deadLettered() == 1, Duration.ofSeconds(60));

      assertThat(failures).singleElement().asString().contains("RecordAgeExceeded");
      assertThat(failures.get(0)).contains("\"firstRecordOffset\":0").contains("expired-0");
    }
  }

  private static KafkaPoller.Settings settings(String topic, Duration maxRecordAge) {
    return new KafkaPoller.Settings(
        kafka.bootstrapServers(),
        topic,
        "poller-" + topic,
        10,
        maxRecordAge,
        Duration.ofMillis(100),
        "rooms");
  }

  private static void awaitUntil(java.util.function.BooleanSupplier done, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
