package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent.KafkaEventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link KafkaEvent}s as Lambda's Kafka event sources (self-managed Kafka or MSK) deliver
 * them: records grouped under {@code "<topic>-<partition>"} keys, key and value base64-encoded,
 * headers as lists of {@code {name: bytes}}, offsets counting up per partition.
 *
 * <pre>{@code
 * KafkaEvent event = KafkaEvents.selfManaged("127.0.0.1:9092")
 *     .record("sensor.readings", 0, "s-1", readingJson)
 *     .record(KafkaEvents.record("sensor.readings", 1, "s-2", otherJson).header("ce_type", "x"))
 *     .build();
 * }</pre>
 */
public final class KafkaEvents {

  private KafkaEvents() {}

  /** An event from a self-managed Kafka event source. */
  public static Event selfManaged(String bootstrapServers) {
    return new Event("SelfManagedKafka", null, bootstrapServers);
  }

  /** An event from an MSK event source. */
  public static Event msk(String clusterArn, String bootstrapServers) {
    return new Event("aws:kafka", clusterArn, bootstrapServers);
  }

  public static Record record(String topic, int partition, String key, String value) {
    return new Record(topic, partition, key, value);
  }

  /** The event being built. */
  public static final class Event {
    private final String eventSource;
    private final String eventSourceArn;
    private final String bootstrapServers;
    private final Map<String, List<KafkaEventRecord>> records = new LinkedHashMap<>();
    private final Map<String, Long> nextOffset = new HashMap<>();

    private Event(String eventSource, String eventSourceArn, String bootstrapServers) {
      this.eventSource = eventSource;
      this.eventSourceArn = eventSourceArn;
      this.bootstrapServers = bootstrapServers;
    }

    /** Adds a record at the next offset of its partition, stamped now, without headers. */
    public Event record(String topic, int partition, String key, String value) {
      return record(KafkaEvents.record(topic, partition, key, value));
    }

    public Event record(Record record) {
      String group = record.topic + "-" + record.partition;
      long offset = record.offset != null ? record.offset : nextOffset.getOrDefault(group, 0L);
      nextOffset.put(group, offset + 1);
      records.computeIfAbsent(group, g -> new ArrayList<>()).add(record.build(offset));
      return this;
    }

    public KafkaEvent build() {
      var event = new KafkaEvent();
      event.setEventSource(eventSource);
      event.setEventSourceArn(eventSourceArn);
      event.setBootstrapServers(bootstrapServers);
      Map<String, List<KafkaEventRecord>> copy = new LinkedHashMap<>();
      records.forEach((group, list) -> copy.put(group, new ArrayList<>(list)));
      event.setRecords(copy);
      return event;
    }
  }

  /** One record; its offset is the next in its partition unless set. */
  public static final class Record {
    private final String topic;
    private final int partition;
    private final String key;
    private final String value;
    private Long offset;
    private Instant timestamp = Instant.now();
    private final List<Map<String, byte[]>> headers = new ArrayList<>();

    private Record(String topic, int partition, String key, String value) {
      this.topic = topic;
      this.partition = partition;
      this.key = key;
      this.value = value;
    }

    public Record offset(long offset) {
      this.offset = offset;
      return this;
    }

    public Record timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Record header(String name, String value) {
      headers.add(Map.of(name, value.getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    private KafkaEventRecord build(long assignedOffset) {
      var record = new KafkaEventRecord();
      record.setTopic(topic);
      record.setPartition(partition);
      record.setOffset(assignedOffset);
      record.setTimestamp(timestamp.toEpochMilli());
      record.setTimestampType("CREATE_TIME");
      record.setKey(key == null ? null : base64(key));
      record.setValue(value == null ? null : base64(value));
      record.setHeaders(new ArrayList<>(headers));
      return record;
    }

    private static String base64(String text) {
      return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
