package io.sac4cps.sensors.domain;

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
    try {
      return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<Rejection> reject(
      int index, ReadingInput input, String field, String message) {
    return Optional.of(new Rejection(index, input.sensorId(), field, message));
  }
}
