package io.sac4cps.rooms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class HistoryIntervalTest {

  @Test
  void shortIntervalsComeFromMinuteRollupsAndLongOnesFromHourly() {
    assertThat(HistoryInterval.ONE_MINUTE.source()).isEqualTo(ChronoUnit.MINUTES);
    assertThat(HistoryInterval.FIVE_MINUTES.source()).isEqualTo(ChronoUnit.MINUTES);
    assertThat(HistoryInterval.ONE_HOUR.source()).isEqualTo(ChronoUnit.HOURS);
    assertThat(HistoryInterval.ONE_DAY.source()).isEqualTo(ChronoUnit.HOURS);
    assertThat(HistoryInterval.ONE_HOUR.isSourceGranularity()).isTrue();
    assertThat(HistoryInterval.ONE_DAY.isSourceGranularity()).isFalse();
  }

  @Test
  void countsEveryIntervalARangeTouches() {
    Instant from = Instant.parse("2025-03-01T00:30:00Z");

    assertThat(HistoryInterval.ONE_HOUR.maxPoints(from, from.plus(30, ChronoUnit.DAYS)))
        .isEqualTo(721);
    assertThat(
            HistoryInterval.ONE_HOUR.maxPoints(
                Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z")))
        .isEqualTo(24);
    assertThat(HistoryInterval.fromWire("5m")).contains(HistoryInterval.FIVE_MINUTES);
    assertThat(HistoryInterval.fromWire("2h")).isEmpty();
  }
}
