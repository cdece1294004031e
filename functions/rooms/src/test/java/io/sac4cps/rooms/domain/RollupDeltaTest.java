package io.sac4cps.rooms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupDeltaTest {

  @Test
  void sumsReadingsPerSeriesAndBucketInLockOrder() {
    List<Reading> readings =
        List.of(
            reading("room-b", Metric.CO2, "2025-03-04T09:15:10Z", 800),
            reading("room-a", Metric.TEMPERATURE, "2025-03-04T09:15:59Z", 22),
            reading("room-a", Metric.TEMPERATURE, "2025-03-04T09:15:00Z", 20),
            reading("room-a", Metric.TEMPERATURE, "2025-03-04T09:16:00Z", 30));

    List<RollupDelta> minutes = RollupDelta.of(readings, ChronoUnit.MINUTES);

    assertThat(minutes)
        .extracting(
            d -> d.series().roomId() + " " + d.series().metric().wireName() + " " + d.bucket())
        .containsExactly(
            "room-a temperature 2025-03-04T09:15:00Z",
            "room-a temperature 2025-03-04T09:16:00Z",
            "room-b co2 2025-03-04T09:15:00Z");
    RollupDelta first = minutes.get(0);
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.sum()).isEqualTo(42);
    assertThat(first.min()).isEqualTo(20);
    assertThat(first.max()).isEqualTo(22);

    List<RollupDelta> hours = RollupDelta.of(readings, ChronoUnit.HOURS);
    assertThat(hours).hasSize(2);
    assertThat(hours.get(0).count()).isEqualTo(3);
    assertThat(hours.get(0).max()).isEqualTo(30);
  }

  static Reading reading(String room, Metric metric, String ts, double value) {
    return new Reading("t-1", room, "s-1", metric, "u", value, Instant.parse(ts));
  }
}
