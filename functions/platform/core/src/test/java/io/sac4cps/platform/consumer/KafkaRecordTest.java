package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaRecordTest {

  @Test
  void decodesBase64KeysAndValuesInPartitionAndOffsetOrder() {
    Map<String, List<KafkaEvent.KafkaEventRecord>> byPartition = new LinkedHashMap<>();
    byPartition.put(
        "sensor.readings-1", List.of(record(1, 7, "s-2", "{\"b\":1}"), record(1, 5, "s-2", "{}")));
    byPartition.put("sensor.readings-0", List.of(record(0, 9, "s-1", "{\"a\":1}")));
    KafkaEvent event = new KafkaEvent(byPartition, "aws:kafka", "arn", "localhost:9092");

    List<KafkaRecord> records = KafkaRecord.listOf(event);

    assertThat(records)
        .extracting(KafkaRecord::toString)
        .containsExactly("sensor.readings-0@9", "sensor.readings-1@5", "sensor.readings-1@7");
    assertThat(records.get(0).key()).isEqualTo("s-1");
    assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void aNullValueOrNonBase64ValueDecodesToNothing() {
    KafkaEvent.KafkaEventRecord nullValue = record(0, 1, null, null);
    KafkaEvent.KafkaEventRecord notBase64 = record(0, 2, null, null);
    notBase64.setValue("%%%");
    KafkaEvent event =
        new KafkaEvent(Map.of("t-0", List.of(nullValue, notBase64)), "aws:kafka", "arn", "b");

    assertThat(KafkaRecord.listOf(event))
        .allSatisfy(r -> assertThat(r.value()).isEmpty())
        .extracting(KafkaRecord::key)
        .containsOnlyNulls();
  }

  @Test
  void theTraceparentHeaderIsTheRecordsTraceAndAMalformedOneIsNone() {
    KafkaEvent.KafkaEventRecord traced = record(0, 1, "k", "{}");
    traced.setHeaders(
        List.of(
            Map.of("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)),
            Map.of(
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                    .getBytes(StandardCharsets.UTF_8)),
            Map.of("tracestate", "vendor=1".getBytes(StandardCharsets.UTF_8))));
    KafkaEvent.KafkaEventRecord malformed = record(0, 2, "k", "{}");
    malformed.setHeaders(
        List.of(Map.of("traceparent", "00-not-a-trace".getBytes(StandardCharsets.UTF_8))));
    KafkaEvent event =
        new KafkaEvent(Map.of("t-0", List.of(traced, malformed)), "aws:kafka", "arn", "b");

    List<KafkaRecord> records = KafkaRecord.listOf(event);

    assertThat(records.get(0).trace().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(records.get(0).trace().tracestate()).isEqualTo("vendor=1");
    assertThat(records.get(1).trace()).isNull();
  }

  static KafkaEvent.KafkaEventRecord record(int partition, long offset, String key, String value) {
    KafkaEvent.KafkaEventRecord record = new KafkaEvent.KafkaEventRecord();
    record.setTopic(partition >= 0 ? "sensor.readings" : null);
    record.setPartition(partition);
    record.setOffset(offset);
    record.setKey(key == null ? null : base64(key));
    record.setValue(value == null ? null : base64(value));
    return record;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
