package io.sac4cps.sensors.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingCheckTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Sensor THERMO =
      new Sensor("t1", "thermo-1", "room-1", SensorType.TEMPERATURE, "°C", NOW);
  private static final Sensor PEOPLE =
      new Sensor("t1", "people-1", "room-1", SensorType.OCCUPANCY, "people", NOW);
  private static final Map<String, Sensor> SENSORS =
      Map.of(THERMO.id(), THERMO, PEOPLE.id(), PEOPLE);

  @Test
  void validReadingsPassWithTheirSensorAndPosition() {
    var outcome =
        ReadingCheck.check(
            List.of(new ReadingInput("thermo-1", "2026-06-01T11:59:00+02:00", 21.5)),
            "readings",
            SENSORS,
            NOW);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.valid())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.index()).isZero();
              assertThat(c.sensor()).isEqualTo(THERMO);
              assertThat(c.reading().timestamp()).isEqualTo(Instant.parse("2026-06-01T09:59:00Z"));
            });
  }

  @Test
  void eachBadReadingIsRejectedWithTheFieldAtFaultWhileTheOthersPass() {
    List<ReadingInput> inputs =
        Arrays.asList(
            new ReadingInput("thermo-1", "2026-06-01T11:00:00Z", 20.0),
            new ReadingInput("other-tenants-sensor", "2026-06-01T11:00:00Z", 20.0),
            new ReadingInput("thermo-1", "yesterday", 20.0),
            new ReadingInput("thermo-1", "2026-06-01T13:00:00Z", 20.0),
            new ReadingInput("thermo-1", "2026-06-01T11:00:00Z", 900.0),
            new ReadingInput("people-1", "2026-06-01T11:00:00Z", 2.5),
            new ReadingInput("thermo-1", "2026-06-01T11:00:00Z", Double.NaN),
            new ReadingInput(null, "2026-06-01T11:00:00Z", 1.0),
            new ReadingInput("thermo-1", "2026-06-01T11:00:00Z", null),
            null);
    var outcome = ReadingCheck.check(inputs, "readings", SENSORS, NOW);
    assertThat(outcome.valid()).extracting(ReadingCheck.Checked::index).containsExactly(0);
    assertThat(outcome.rejected())
        .extracting(Rejection::index, Rejection::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "readings[1].sensorId"),
            org.assertj.core.groups.Tuple.tuple(2, "readings[2].timestamp"),
            org.assertj.core.groups.Tuple.tuple(3, "readings[3].timestamp"),
            org.assertj.core.groups.Tuple.tuple(4, "readings[4].value"),
            org.assertj.core.groups.Tuple.tuple(5, "readings[5].value"),
            org.assertj.core.groups.Tuple.tuple(6, "readings[6].value"),
            org.assertj.core.groups.Tuple.tuple(7, "readings[7].sensorId"),
            org.assertj.core.groups.Tuple.tuple(8, "readings[8].value"),
            org.assertj.core.groups.Tuple.tuple(9, "readings[9]"));
    assertThat(outcome.rejected().get(3).message()).contains("between -100 and 200");
  }

  @Test
  void aSingleReadingsFieldsAreNamedWithoutPrefix() {
    var outcome =
        ReadingCheck.check(
            List.of(new ReadingInput("thermo-1", "2026-06-01T11:00:00Z", 1e9)), "", SENSORS, NOW);
    assertThat(outcome.rejected()).extracting(Rejection::field).containsExactly("value");
  }

  @Test
  void timestampsAreKeptToTheMicrosecondPostgresStores() {
    assertThat(ReadingCheck.parseTimestamp("2026-06-01T11:00:00.123456789Z"))
        .isEqualTo(Instant.parse("2026-06-01T11:00:00.123456Z"));
    assertThat(ReadingCheck.parseTimestamp("2026-06-01T11:00:00")).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "2026-06-01T11:00:00Z",
        "2026-06-01T11:00:00.5Z",
        "2026-06-01T11:00:00.000001Z",
        "2026-02-28T23:59:59.9999999Z",
        "2024-02-29T00:00:00Z",
        "2026-06-01T13:00:00+02:00",
        "2026-06-01t11:00:00z",
        "2026-06-01T11:00:00.Z",
        "2026-02-29T00:00:00Z",
        "2026-06-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-06-01T24:00:00Z",
        "2026-06-01T11:60:00Z",
        "2026-06-01T11:00:60Z",
        "2026-06-01T11:00:00.1234567890Z",
        "2026-06-01T11:0a:00Z",
        "2026-06-01 11:00:00Z",
        "+2026-06-01T11:00:00Z",
        "2026-06-01T11:00:00.12a4Z"
      })
  void timestampsAreReadExactlyAsTheRfc3339ParserReadsThem(String text) {
    Instant expected;
    try {
      expected =
          java.time.OffsetDateTime.parse(text)
              .toInstant()
              .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    } catch (java.time.format.DateTimeParseException e) {
      expected = null;
    }
    assertThat(ReadingCheck.parseTimestamp(text)).isEqualTo(expected);
  }
}
