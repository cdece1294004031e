package io.sac4cps.platform.outbox;

import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox messages to Kafka with the micronaut-kafka producer {@code outbox} (configure it
 * under {@code kafka.producers.outbox}). The producer is created on first use, so a function that
 * never publishes to Kafka never connects to it, and under SnapStart it is created after the
 * restore: an idempotent producer created before the snapshot would give every restored instance
 * the same producer id (decision 0009). Stops at the first failure: with the broker down, one
 * bounded wait instead of one per message.
 */
@Singleton
public class KafkaOutboxPublisher implements OutboxPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaOutboxPublisher.class);
  public static final String PRODUCER_ID = "outbox";
  private static final byte[] CLOUDEVENTS_JSON =
      "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

  private final ProducerRegistry producers;
  private final long ackTimeoutMillis;
  private volatile Producer<String, byte[]> producer;

  public KafkaOutboxPublisher(
      ProducerRegistry producers,
      @Value("${sac4cps.outbox.kafka-ack-timeout:10s}") java.time.Duration ackTimeout) {
    this.producers = producers;
    this.ackTimeoutMillis = ackTimeout.toMillis();
  }

  @Override
  public Destination.Kind kind() {
    return Destination.Kind.KAFKA;
  }

  @Override
  public Set<String> publish(List<OutboxMessage> messages) {
    Set<String> acknowledged = new HashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
    try {
      Producer<String, byte[]> kafka = producer();
      Optional<TraceContext> trace = TraceContext.current();
      for (OutboxMessage message : messages) {
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(message.destination().name(), message.key(), message.payload());
        record
            .headers()
            .add(new RecordHeader("ce_id", message.id().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("content-type", CLOUDEVENTS_JSON));
        // The publish span's context (the relay's), so the consumer's span is its child.
        trace.ifPresent(
            t ->
                t.writeTo(
                    (name, value) ->
                        record
                            .headers()
                            .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)))));
        sent.add(kafka.send(record));
      }
      kafka.flush();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
      for (int i = 0; i < sent.size(); i++) {
        long left = Math.max(0, deadline - System.nanoTime());
        sent.get(i).get(left, TimeUnit.NANOSECONDS);
        acknowledged.add(messages.get(i).id());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("outbox: Kafka publish failed after {} acks: {}", acknowledged.size(), e.toString());
    }
    return acknowledged;
  }

  private Producer<String, byte[]> producer() {
    if (producer == null) {
      synchronized (this) {
        if (producer == null) {
          producer = producers.getProducer(PRODUCER_ID, Argument.STRING, Argument.of(byte[].class));
        }
      }
    }
    return producer;
  }
}
