package io.sac4cps.rooms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.Metric;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryQueryTest {
  private static final Instant NOW = Instant.parse("2025-03-04T12:00:00Z");

  @Test
  void defaultsToTheLastDayHourly() {
    HistoryQuery query = HistoryQuery.parse("co2", null, null, null, NOW);

    assertThat(query.metric()).isEqualTo(Metric.CO2);
    assertThat(query.interval()).isEqualTo(HistoryInterval.ONE_HOUR);
    assertThat(query.to()).isEqualTo(NOW);
    assertThat(Duration.between(query.from(), query.to())).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void acceptsOffsetsAndThirtyDaysHourly() {
    HistoryQuery query =
        HistoryQuery.parse(
            "temperature", "2025-02-01T01:00:00+01:00", "2025-03-03T00:00:00Z", "1h", NOW);

    assertThat(query.from()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "-,           -,                    -,                    -,   metric",
        "pressure,    -,                    -,                    -,   metric",
        "co2,         yesterday,            -,                    -,   from",
        "co2,         -,                    2025-13-01T00:00:00Z, -,   to",
        "co2,         -,                    -,                    2h,  interval",
        "co2,         2025-03-02T00:00:00Z, 2025-03-01T00:00:00Z, 1h,  to",
        "co2,         2025-03-01T00:00:00Z, 2025-03-02T00:00:00Z, 1m,  interval",
        "co2,         2022-01-01T00:00:00Z, 2025-03-01T00:00:00Z, 1d,  interval",
      })
  void namesTheFieldAtFault(String metric, String from, String to, String interval, String field) {
    assertThatThrownBy(() -> HistoryQuery.parse(metric, from, to, interval, NOW))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.errors()).extracting("field").containsExactly(field));
  }
}
