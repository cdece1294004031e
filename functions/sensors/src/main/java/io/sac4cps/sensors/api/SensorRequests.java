package io.sac4cps.sensors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.sensors.domain.ReadingInput;
import io.sac4cps.sensors.domain.Rejection;
import io.sac4cps.sensors.domain.Sensor;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the sensors API, as contracts/openapi.yaml names them. */
public final class SensorRequests {
  private SensorRequests() {}

  static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

  @Serdeable
  public record CreateSensor(
      @Nullable
          @Pattern(
              regexp = ID_PATTERN,
              message = "must be 1-128 letters, digits, '.', '_', ':' or '-'")
          String id,
      @NotBlank @Size(max = 128) String roomId,
      @NotBlank String type,
      @NotBlank @Size(max = 32) String unit) {}

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
