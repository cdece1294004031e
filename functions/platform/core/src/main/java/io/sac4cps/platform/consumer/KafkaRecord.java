package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.core.annotation.Nullable;
import io.sac4cps.platform.telemetry.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One record of a Lambda {@link KafkaEvent}, decoded: Lambda delivers keys and values
 * base64-encoded and groups records by {@code "<topic>-<partition>"}.
 *
 * @param value the record value's bytes; empty for a null value
 * @param base64Value the value as delivered, kept for dead letters that are not text
 * @param trace the {@code traceparent}/{@code tracestate} headers (the publish span's context);
 *     null when the record has none
 */
public record KafkaRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    String base64Value,
    @Nullable TraceContext trace) {

  public KafkaRecord(
      String topic, int partition, long offset, String key, byte[] value, String base64Value) {
    this(topic, partition, offset, key, value, base64Value, null);
  }

  /** The records of {@code event}, in topic, partition and offset order. */
  public static List<KafkaRecord> listOf(KafkaEvent event) {
    List<KafkaRecord> records = new ArrayList<>();
    if (event.getRecords() != null) {
      event
          .getRecords()
          .values()
          .forEach(partition -> partition.forEach(r -> records.add(decode(r))));
    }
    records.sort(
        Comparator.comparing(KafkaRecord::topic)
            .thenComparingInt(KafkaRecord::partition)
            .thenComparingLong(KafkaRecord::offset));
    return records;
  }

  private static KafkaRecord decode(KafkaEvent.KafkaEventRecord record) {
    return new KafkaRecord(
        record.getTopic(),
        record.getPartition(),
        record.getOffset(),
        record.getKey() == null
            ? null
            : new String(base64(record.getKey()), StandardCharsets.UTF_8),
        record.getValue() == null ? new byte[0] : base64(record.getValue()),
        record.getValue() == null ? "" : record.getValue(),
        TraceContext.parse(
                header(record, TraceContext.TRACEPARENT), header(record, TraceContext.TRACESTATE))
            .orElse(null));
  }

  /** Lambda delivers headers as a list of one-entry maps of name to bytes. */
  private static String header(KafkaEvent.KafkaEventRecord record, String name) {
    if (record.getHeaders() == null) {
      return null;
    }
    for (Map<String, byte[]> header : record.getHeaders()) {
      byte[] value = header.get(name);
      if (value != null) {
        return new String(value, StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** A value that is not base64 decodes to nothing, which later fails as bad JSON. */
  private static byte[] base64(String encoded) {
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
