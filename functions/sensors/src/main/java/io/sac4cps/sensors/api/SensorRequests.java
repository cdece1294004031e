package io.sac4cps.sensors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.sensors.domain.ReadingInput;
import io.sac4cps.sensors.domain.Rejection;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Request and response bodies of the sensors API, as contracts/openapi.yaml names them. */
public final class SensorRequests {
  private SensorRequests() {}

  static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /** Checked by {@link #checks()} (platform's {@link FieldChecks}, decision 0002). */
  @Serdeable
  public record CreateSensor(
      @Nullable String id, @Nullable String roomId, @Nullable String type, @Nullable String unit) {

    FieldChecks checks() {
      FieldChecks checks =
          new FieldChecks()
              .matches("id", id, ID_PATTERN, "must be 1-128 letters, digits, '.', '_', ':' or '-'");
      required(checks, "roomId", roomId, 128);
      required(checks, "type", type, Integer.MAX_VALUE);
      checks.check(
          "type",
          type != null && !type.isBlank() && SensorType.fromWire(type).isEmpty(),
          "must be one of " + SensorType.allowed());
      required(checks, "unit", unit, 32);
      return checks;
    }

    private static void required(FieldChecks checks, String field, String value, int max) {
      checks
          .check(field, value == null || value.isBlank(), "must not be blank")
          .check(field, value != null && value.length() > max, "size must be between 0 and " + max);
    }
  }

  @Serdeable
  public record SensorView(String id, String roomId, String type, String unit, Instant createdAt) {
    static SensorView of(Sensor sensor) {
      return new SensorView(
          sensor.id(),
          sensor.roomId(),
          sensor.type().wireName(),
          sensor.unit(),
          sensor.createdAt());
    }
  }

  /** Either one reading ({@code sensorId, timestamp, value}) or {@code {"readings": [...]}}. */
  @Serdeable
  public record IngestRequest(
      @Nullable String sensorId,
      @Nullable String timestamp,
      @Nullable Double value,
      @Nullable List<ReadingInput> readings) {}

  @Serdeable
  public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {}

  @Serdeable
  public record ReadingView(Instant timestamp, double value) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ReadingPage(
      String sensorId, List<ReadingView> items, @Nullable String nextCursor) {}
}
