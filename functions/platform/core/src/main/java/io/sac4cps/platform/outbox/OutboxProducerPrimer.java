package io.sac4cps.platform.outbox;

import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Loads and links the Kafka producer's classes before the snapshot, in a function that publishes
 * its outbox to Kafka, without reaching a broker (decisions 0009, 0046). The real producer is
 * created after the restore: an idempotent producer in the snapshot would give every restored
 * instance its producer id. This one is built with the outbox producer's own configuration, but its
 * bootstrap address is a loopback socket that accepts connections and never answers, so no broker
 * ever sees it: no producer id, no metadata, no credentials used (it is not idempotent, so the
 * classes of the producer-id handshake stay unloaded). One send waits for metadata that never comes
 * and fails after {@link #METADATA_WAIT}. The producer is closed, its I/O thread joined and its
 * metrics unregistered before the snapshot.
 */
@Singleton
@Requires(classes = KafkaProducer.class)
class OutboxProducerPrimer implements Primer {
  /** How long the priming send waits for metadata before it fails, as it must. */
  static final Duration METADATA_WAIT = Duration.ofMillis(200);

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
    Properties outbox = configuration.get().getConfig();
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Map<String, Object> config = new HashMap<>();
      outbox.forEach((k, v) -> config.put(String.valueOf(k), v));
      config.put(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + silent.getLocalPort());
      config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "outbox-priming");
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) METADATA_WAIT.toMillis());
      // Not idempotent: it never asks for a producer id, and its I/O thread waits for no node
      // before it closes (an idempotent one blocks up to request.timeout.ms for one).
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      // Never reached, but no telemetry subscription is asked for either.
      config.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
      KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
      try {
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>("outbox-priming", "priming", new byte[] {0});
        record.headers().add("ce_id", new byte[] {0});
        // Fails for want of metadata: that is the send path up to the broker, and all it may do.
        producer.send(record);
      } finally {
        // Nothing is pending that could be sent; returns once the I/O thread has ended.
        producer.close(Duration.ZERO);
      }
    }
  }
}
