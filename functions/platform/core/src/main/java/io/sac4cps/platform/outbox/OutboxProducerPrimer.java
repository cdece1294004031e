package io.sac4cps.platform.outbox;

import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs the outbox's whole Kafka publish path before the snapshot, in a function that publishes its
 * outbox to Kafka, without reaching a broker (decisions 0009, 0068, 0072). The real producer is
 * created after the restore: an idempotent producer in the snapshot would give every restored
 * instance its producer id. This one is built with the outbox producer's own configuration
 * (idempotence, acks, compression, linger), but its bootstrap address is a {@link PrimingBroker} in
 * this JVM, over plaintext: no broker ever sees it, no credentials are used, and its producer id
 * exists nowhere. It publishes one message to each topic the function produces to through {@link
 * KafkaOutboxPublisher}'s own code (records, headers, compressed batches, the produce request and
 * its acknowledgement), which must be acknowledged. Then the after-commit path runs once for an
 * outbox row that does not exist ({@link OutboxRelay#publishCommitted}): a committed transaction
 * that claims nothing and writes nothing, so the commit and claim code a request's publish runs is
 * warm too. The producer is closed, its I/O thread joined and the broker's port closed before the
 * snapshot.
 */
@Singleton
@Requires(classes = KafkaProducer.class)
class OutboxProducerPrimer implements Primer {
  /** How long the priming producer may wait for the priming broker; it answers at once. */
  static final Duration PRIMING_WAIT = Duration.ofSeconds(5);

  /** An outbox sequence number no row has ({@code seq} is a positive identity). */
  private static final long NO_SUCH_ROW = -1;

  private final BeanContext beans;

  OutboxProducerPrimer(BeanContext beans) {
    this.beans = beans;
  }

  @Override
  public void prime() throws Exception {
    var configuration =
        beans.findBean(
            AbstractKafkaProducerConfiguration.class,
            Qualifiers.byName(KafkaOutboxPublisher.PRODUCER_ID));
    if (configuration.isEmpty()) {
      return; // this function publishes nothing to Kafka
    }
    KafkaOutboxPublisher publisher = beans.getBean(KafkaOutboxPublisher.class);
    List<String> topics =
        publisher.producedTopics().isEmpty()
            ? List.of("outbox-priming")
            : publisher.producedTopics();
    List<OutboxMessage> messages = new ArrayList<>();
    for (String topic : topics) {
      String id = "priming-" + UUID.randomUUID();
      messages.add(
          new OutboxMessage(
              id,
              new Destination(Destination.Kind.KAFKA, topic, 0),
              "priming",
              ("{\"id\":\"" + id + "\",\"type\":\"priming\"}").getBytes(StandardCharsets.UTF_8)));
    }
    try (PrimingBroker broker = new PrimingBroker()) {
      KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              primingConfig(configuration.get(), broker.address()),
              new StringSerializer(),
              new ByteArraySerializer());
      try {
        Set<String> acknowledged = publisher.publishThrough(() -> producer, messages);
        if (acknowledged.size() != messages.size()) {
          throw new IllegalStateException(
              "the priming broker acknowledged "
                  + acknowledged.size()
                  + " of "
                  + messages.size()
                  + " priming records");
        }
      } finally {
        // Everything was acknowledged: nothing is pending; returns once the I/O thread has ended.
        producer.close(PRIMING_WAIT);
      }
    }
    OutboxRelay relay = beans.getBean(OutboxRelay.class);
    relay.publishCommitted(
        List.of(new OutboxBatch(NO_SUCH_ROW, messages.get(0).destination(), messages)));
  }

  /**
   * The outbox producer's settings, pointed at {@code bootstrap} in plaintext: no TLS or SASL
   * settings (the priming broker speaks neither), no client telemetry.
   */
  private static Map<String, Object> primingConfig(
      AbstractKafkaProducerConfiguration configuration, String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    configuration
        .getConfig()
        .forEach(
            (k, v) -> {
              String key = String.valueOf(k);
              if (!key.startsWith("ssl.") && !key.startsWith("sasl.")) {
                config.put(key, v);
              }
            });
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "outbox-priming");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) PRIMING_WAIT.toMillis());
    config.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
    return config;
  }
}
