package io.sac4cps.rooms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingTest {
  private static final Instant T = Instant.parse("2025-03-04T09:15:00Z");

  @Test
  void laterReadingsWinAndTiesGoToTheGreaterSensorId() {
    Reading reading = new Reading("t", "r", "s-2", Metric.CO2, "ppm", 1, T);

    assertThat(reading.isNewerThan(null, null)).isTrue();
    assertThat(reading.isNewerThan(T.minusSeconds(1), "s-9")).isTrue();
    assertThat(reading.isNewerThan(T.plusSeconds(1), "s-1")).isFalse();
    assertThat(reading.isNewerThan(T, "s-1")).isTrue();
    assertThat(reading.isNewerThan(T, "s-2")).isFalse();
  }
}
