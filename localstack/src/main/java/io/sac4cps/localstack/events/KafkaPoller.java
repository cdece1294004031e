package io.sac4cps.localstack.events;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.localstack.runtime.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's Kafka (MSK) event-source mapping: one consumer group per consumer, batches of up to
 * {@code batchSize} records handed to the handler per partition as a {@link KafkaEvent} (keys and
 * values base64, as Lambda sends them), offsets committed only after the handler succeeded. A batch
 * that fails is retried, as Lambda's Kafka mappings do by default, without limit of attempts, with
 * a growing pause; only once its oldest record is older than {@code maxRecordAge} does its
 * description go to the on-failure destination (the consumer's DLQ) with the error, and the
 * partition moves on. The handler isolates poison itself (platform KafkaEventConsumer bisects), so
 * what fails here is transient, a database outage say, and must not be dead-lettered while it lasts
 * (decision 0059).
 */
public final class KafkaPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPoller.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the poller is set up. */
  public record Settings(
      String bootstrapServers,
      String topic,
      String groupId,
      int batchSize,
      Duration maxRecordAge,
      Duration retryBackoff,
      String functionName) {}

  /** The longest pause between two attempts. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Settings settings;
  private final Consumer<KafkaEvent> handler;
  private final Consumer<String> onFailure;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param handler the consumer handler; throwing fails the batch
   * @param onFailure receives the on-failure record of a batch that exhausted its attempts
   */
  public KafkaPoller(Settings settings, Consumer<KafkaEvent> handler, Consumer<String> onFailure) {
    this.settings = settings;
    this.handler = handler;
    this.onFailure = onFailure;
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "localstack-" + settings.groupId());
    this.consumer = new KafkaConsumer<>(properties);
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("kafka-poller-" + settings.groupId())
            .unstarted(this::run);
  }

  public KafkaPoller start() {
    thread.start();
    return this;
  }

  /** Records whose offsets were committed after the handler succeeded. */
  public long committed() {
    return committed.get();
  }

  /** Records sent to the on-failure destination. */
  public long deadLettered() {
    return deadLettered.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()));
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition partition : records.partitions()) {
          if (!running) {
            return;
          }
          process(partition, records.records(partition));
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("kafka {}: poller stopped: {}", settings.groupId(), e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void process(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
    KafkaEvent event = event(partition, records);
    Instant oldest = Instant.ofEpochMilli(records.get(0).timestamp());
    RuntimeException lastError = null;
    int attempts = 0;
    while (running) {
      attempts++;
      try {
        handler.accept(event);
        lastError = null;
        break;
      } catch (RuntimeException e) {
        lastError = e;
        boolean expired =
            Duration.between(oldest, Instant.now()).compareTo(settings.maxRecordAge()) > 0;
        LOG.warn(
            "kafka {}: batch of {} records from {} failed (attempt {}{}): {}",
            settings.groupId(),
            records.size(),
            partition,
            attempts,
            expired ? ", records past their maximum age" : ", retrying",
            e.toString());
        if (expired) {
          break;
        }
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 10));
        pause(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
      }
    }
    if (!running && lastError != null) {
      return; // not committed: the batch is delivered again on the next start
    }
    if (lastError != null) {
      onFailure.accept(failureRecord(partition, records, lastError, attempts));
      deadLettered.addAndGet(records.size());
    }
    long next = records.get(records.size() - 1).offset() + 1;
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
    if (lastError == null) {
      committed.addAndGet(records.size());
    }
  }

  private KafkaEvent event(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
    List<KafkaEvent.KafkaEventRecord> eventRecords = new ArrayList<>();
    Base64.Encoder base64 = Base64.getEncoder();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      List<Map<String, byte[]>> headers = new ArrayList<>();
      for (Header header : record.headers()) {
        headers.add(Map.of(header.key(), header.value() == null ? new byte[0] : header.value()));
      }
      KafkaEvent.KafkaEventRecord eventRecord = new KafkaEvent.KafkaEventRecord();
      eventRecord.setTopic(record.topic());
      eventRecord.setPartition(record.partition());
      eventRecord.setOffset(record.offset());
      eventRecord.setTimestamp(record.timestamp());
      eventRecord.setTimestampType(record.timestampType().name());
      eventRecord.setKey(record.key() == null ? null : base64.encodeToString(record.key()));
      eventRecord.setValue(record.value() == null ? null : base64.encodeToString(record.value()));
      eventRecord.setHeaders(headers);
      eventRecords.add(eventRecord);
    }
    KafkaEvent event = new KafkaEvent();
    event.setEventSource("aws:kafka");
    event.setEventSourceArn(LocalAws.kafkaClusterArn());
    event.setBootstrapServers(settings.bootstrapServers());
    event.setRecords(Map.of(partition.topic() + "-" + partition.partition(), eventRecords));
    return event;
  }

  /** The shape of Lambda's on-failure record for Kafka, plus the error, since locally it helps. */
  private String failureRecord(
      TopicPartition partition,
      List<ConsumerRecord<byte[], byte[]>> records,
      Exception error,
      int attempts) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode context = root.putObject("requestContext");
    context.put("functionArn", LocalAws.functionArn(settings.functionName()));
    context.put("condition", "RecordAgeExceeded");
    context.put("approximateInvokeCount", attempts);
    ObjectNode response = root.putObject("responseContext");
    response.put("functionError", "Unhandled");
    response.put(
        "errorMessage", String.valueOf(error.getCause() != null ? error.getCause() : error));
    root.put("version", "1.0");
    root.put("timestamp", Instant.now().toString());
    ObjectNode batch = root.putObject("KafkaBatchInfo");
    batch.put("batchSize", records.size());
    batch.put("bootstrapServers", settings.bootstrapServers());
    ObjectNode info =
        batch.putObject("recordsInfo").putObject(partition.topic() + "-" + partition.partition());
    ConsumerRecord<byte[], byte[]> first = records.get(0);
    ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
    info.put("firstRecordOffset", first.offset());
    info.put("firstRecordTimestamp", first.timestamp());
    info.put("lastRecordOffset", last.offset());
    info.put("lastRecordTimestamp", last.timestamp());
    return root.toString();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
