package io.sac4cps.sensors.domain;

import static io.sac4cps.platform.time.Timestamps.digits;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, reading by reading, what may be stored: the sensor must be the caller's, the timestamp
 * an RFC 3339 instant not in the future, the value plausible for the sensor's type. One bad reading
 * never spoils the others of its batch.
 */
public final class ReadingCheck {
  /** Clock skew tolerated between a sensor gateway and us. */
  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  /** A reading that passed, with the sensor it belongs to and its position in the request. */
  public record Checked(int index, Reading reading, Sensor sensor) {}

  public record Outcome(List<Checked> valid, List<Rejection> rejected) {}

  private ReadingCheck() {}

  /**
   * @param fieldPrefix {@code "readings"} for a batch (fields read {@code readings[3].value}),
   *     empty for a single reading
   * @param sensors the caller's sensors among those the readings name, by id
   */
  public static Outcome check(
      List<ReadingInput> inputs, String fieldPrefix, Map<String, Sensor> sensors, Instant now) {
    List<Checked> valid = new ArrayList<>(inputs.size());
    List<Rejection> rejected = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      ReadingInput input = inputs.get(i);
      String prefix = fieldPrefix.isEmpty() ? "" : fieldPrefix + "[" + i + "].";
      if (input == null) {
        rejected.add(
            new Rejection(i, null, fieldPrefix + "[" + i + "]", "must be a reading object"));
        continue;
      }
      Optional<Rejection> problem = Optional.empty();
      Sensor sensor = null;
      Instant timestamp = null;
      if (input.sensorId() == null || input.sensorId().isBlank()) {
        problem = reject(i, input, prefix + "sensorId", "is required");
      } else if ((sensor = sensors.get(input.sensorId())) == null) {
        problem = reject(i, input, prefix + "sensorId", "is not a sensor of this organisation");
      } else if (input.timestamp() == null) {
        problem = reject(i, input, prefix + "timestamp", "is required");
      } else if ((timestamp = parseTimestamp(input.timestamp())) == null) {
        problem =
            reject(
                i,
                input,
                prefix + "timestamp",
                "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
      } else if (timestamp.isAfter(now.plus(FUTURE_TOLERANCE))) {
        problem = reject(i, input, prefix + "timestamp", "must not be in the future");
      } else if (input.value() == null) {
        problem = reject(i, input, prefix + "value", "is required");
      } else {
        Optional<String> implausible = sensor.type().rejects(input.value());
        if (implausible.isPresent()) {
          problem = reject(i, input, prefix + "value", implausible.get());
        }
      }
      if (problem.isPresent()) {
        rejected.add(problem.get());
      } else {
        valid.add(new Checked(i, new Reading(sensor.id(), timestamp, input.value()), sensor));
      }
    }
    return new Outcome(valid, rejected);
  }

  /** RFC 3339 with an offset, truncated to the microsecond PostgreSQL stores. */
  public static Instant parseTimestamp(String text) {
    Instant utc = parseUtc(text);
    if (utc != null) {
      return utc;
    }
    try {
      return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The shape almost every device sends, {@code 2026-01-31T12:00:00[.fraction]Z}, read directly: a
   * tenth of {@code OffsetDateTime.parse}'s cost, which counts at 1000 readings a request. Null for
   * anything else, which the general parser then decides.
   */
  private static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int micros = 0;
    if (length > 20) {
      if (text.charAt(19) != '.' || length == 21) {
        return null;
      }
      int fraction = Math.min(length - 1, 26);
      micros = digits(text, 20, fraction);
      if (micros < 0 || digits(text, fraction, length - 1) < 0) {
        return null;
      }
      for (int i = fraction - 20; i < 6; i++) {
        micros *= 10;
      }
    } else if (text.charAt(19) != 'Z') {
      return null;
    }
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000)
        .toInstant(java.time.ZoneOffset.UTC);
  }

  private static Optional<Rejection> reject(
      int index, ReadingInput input, String field, String message) {
    return Optional.of(new Rejection(index, input.sensorId(), field, message));
  }
}
