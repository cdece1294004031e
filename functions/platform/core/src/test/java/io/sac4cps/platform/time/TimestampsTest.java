package io.sac4cps.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-04T09:15:03Z",
        "2025-03-04T09:15:03.5Z",
        "2025-03-04T09:15:03.123Z",
        "2025-03-04T09:15:03.123456789Z",
        "2024-02-29T23:59:59Z",
        "2025-03-04T09:15:03+02:00",
        "2025-03-04t09:15:03z",
        "2016-12-31T23:59:60Z",
        "0001-01-01T00:00:00Z",
        "2025-03-04T24:00:00Z",
        "2025-03-04T09:15:03.Z"
      })
  void readsWhatInstantParseReadsAsItDoes(String text) {
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-13-04T09:15:03Z",
        "2025-02-30T09:15:03Z",
        "2025-03-04T24:00:01Z",
        "2025-03-04T09:60:03Z",
        "2025-03-04T09:15:03.1234567890Z",
        "2025-03-04T09:1a:03Z",
        "2025-03-04 09:15:03Z",
        "noon"
      })
  void refusesWhatInstantParseRefuses(String text) {
    assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeException.class);
  }
}
