package io.sac4cps.platform.outbox;

import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox messages to Kafka with the producer configured under {@code
 * kafka.producers.outbox} (micronaut-kafka's configuration, the default one when absent). Never in
 * a SnapStart snapshot: an idempotent producer created before it would give every restored instance
 * the same producer id (decision 0009). So it is a held resource of the snapshot hooks: one created
 * before the checkpoint is closed then, and after the restore a function whose outbox has a Kafka
 * producer configured starts creating its own on a background thread and fetching the metadata of
 * the topics it produces to (contracts/wiring.yaml), while the first request does its work; that
 * request's publish waits only for what is not done yet (decision 0068). Otherwise it is created on
 * first use, so a function that never publishes to Kafka never connects to it. Stops at the first
 * failure: with the broker down, one bounded wait instead of one per message.
 */
@Singleton
public class KafkaOutboxPublisher implements OutboxPublisher, Resource {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaOutboxPublisher.class);
  public static final String PRODUCER_ID = "outbox";

  /** Off ({@code false}): the producer is created by the first publish after a restore instead. */
  public static final String START_AFTER_RESTORE = "sac4cps.outbox.kafka-start-after-restore";

  private static final byte[] CLOUDEVENTS_JSON =
      "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);
  private static final Duration CLOSE_AT_CHECKPOINT = Duration.ofSeconds(5);

  private final BeanContext beans;
  private final long ackTimeoutMillis;
  private final boolean startAfterRestore;

  /** The Kafka topics contracts/wiring.yaml says this function produces to. */
  private final List<String> producedTopics;

  private volatile Producer<String, byte[]> producer;

  public KafkaOutboxPublisher(
      BeanContext beans,
      @Value("${sac4cps.outbox.kafka-ack-timeout:10s}") Duration ackTimeout,
      @Value("${" + START_AFTER_RESTORE + ":true}") boolean startAfterRestore,
      @Value("${micronaut.application.name:}") String function) {
    this.beans = beans;
    this.ackTimeoutMillis = ackTimeout.toMillis();
    this.startAfterRestore = startAfterRestore;
    this.producedTopics =
        Wiring.load().kafkaTopics().stream()
            .filter(t -> t.producers().contains(function))
            .map(KafkaTopic::topic)
            .toList();
  }

  @Override
  public Destination.Kind kind() {
    return Destination.Kind.KAFKA;
  }

  @Override
  public Set<String> publish(List<OutboxMessage> messages) {
    return publishThrough(this::producer, messages);
  }

  /**
   * What {@link #publish} does, through {@code kafka}: the priming producer runs this same code
   * before the snapshot ({@link OutboxProducerPrimer}).
   */
  Set<String> publishThrough(
      java.util.function.Supplier<Producer<String, byte[]>> producer,
      List<OutboxMessage> messages) {
    Set<String> acknowledged = new HashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
    try {
      Producer<String, byte[]> kafka = producer.get();
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

  /** No producer in the snapshot: one made before it (an init-phase publish) is closed. */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    Producer<String, byte[]> existing;
    synchronized (this) {
      existing = producer;
      producer = null;
    }
    if (existing != null) {
      existing.close(CLOSE_AT_CHECKPOINT);
    }
  }

  /**
   * Starts creating this instance's producer, if the function configures one for its outbox: its
   * construction, the broker's metadata and its own producer id (an idempotent producer's I/O
   * thread asks for one as soon as it runs) then overlap the first request's own work instead of
   * following it. Returns at once; a publish meanwhile waits for the creation under the same lock.
   */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    if (!startAfterRestore || configured().isEmpty()) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("outbox-producer-start")
        .start(
            () -> {
              try {
                Producer<String, byte[]> started = producer();
                // The topics' partitions and leaders, which the first send would wait for.
                for (String topic : producedTopics) {
                  started.partitionsFor(topic);
                }
              } catch (RuntimeException e) {
                // The first publish tries again and reports it; the outbox keeps the events.
                LOG.info("outbox: Kafka producer not created after the restore: {}", e.toString());
              }
            });
  }

  /** The Kafka topics this function produces to (contracts/wiring.yaml). */
  List<String> producedTopics() {
    return producedTopics;
  }

  /** Whether this instance holds a producer now; never at a checkpoint (decision 0009). */
  public boolean holdsProducer() {
    return producer != null;
  }

  @PreDestroy
  void close() {
    beforeCheckpoint(null);
  }

  private Producer<String, byte[]> producer() {
    Producer<String, byte[]> current = producer;
    if (current == null) {
      synchronized (this) {
        current = producer;
        if (current == null) {
          current = create();
          producer = current;
        }
      }
    }
    return current;
  }

  /** The function's {@code kafka.producers.outbox} configuration, if it has one. */
  private Optional<AbstractKafkaProducerConfiguration> configured() {
    return beans.findBean(AbstractKafkaProducerConfiguration.class, Qualifiers.byName(PRODUCER_ID));
  }

  /**
   * A producer with the outbox's configuration ({@code kafka.*} included), built directly rather
   * than through micronaut-kafka's registry, which keeps what it made and could not hand out a new
   * one after {@link #beforeCheckpoint} closed it.
   */
  private KafkaProducer<String, byte[]> create() {
    AbstractKafkaProducerConfiguration configuration =
        configured().orElseGet(() -> beans.getBean(AbstractKafkaProducerConfiguration.class));
    Properties properties = new Properties();
    properties.putAll(configuration.getConfig());
    properties.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, PRODUCER_ID);
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }
}
