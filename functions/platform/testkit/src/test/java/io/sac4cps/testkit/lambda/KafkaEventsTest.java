package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaEventsTest {

  @Test
  void recordsAreGroupedByTopicPartitionWithOffsetsCountingUp() {
    Instant at = Instant.parse("2024-05-01T10:15:30Z");
    var event =
        KafkaEvents.selfManaged("127.0.0.1:9092")
            .record("sensor.readings", 0, "s-1", "r1")
            .record("sensor.readings", 1, "s-2", "r2")
            .record(
                KafkaEvents.record("sensor.readings", 0, "s-1", "r3")
                    .timestamp(at)
                    .header("ce_type", "sensor.reading.recorded.v1"))
            .build();

    assertThat(event.getEventSource()).isEqualTo("SelfManagedKafka");
    assertThat(event.getBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(event.getRecords()).containsOnlyKeys("sensor.readings-0", "sensor.readings-1");
    var partition0 = event.getRecords().get("sensor.readings-0");
    assertThat(partition0).extracting(r -> r.getOffset()).containsExactly(0L, 1L);
    var third = partition0.get(1);
    assertThat(decode(third.getKey())).isEqualTo("s-1");
    assertThat(decode(third.getValue())).isEqualTo("r3");
    assertThat(third.getTimestamp()).isEqualTo(at.toEpochMilli());
    assertThat(third.getTimestampType()).isEqualTo("CREATE_TIME");
    assertThat(new String(third.getHeaders().get(0).get("ce_type"), StandardCharsets.UTF_8))
        .isEqualTo("sensor.reading.recorded.v1");
  }

  @Test
  void mskEventNamesItsCluster() {
    var event =
        KafkaEvents.msk("arn:aws:kafka:us-east-1:000000000000:cluster/c/1", "b-1:9098")
            .record(KafkaEvents.record("task.events", 2, "t-1", "v").offset(41))
            .build();

    assertThat(event.getEventSource()).isEqualTo("aws:kafka");
    assertThat(event.getEventSourceArn()).contains(":cluster/");
    assertThat(event.getRecords().get("task.events-2").get(0).getOffset()).isEqualTo(41);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
