package io.sac4cps.sensors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.sensors.domain.ReadingInput;
import io.sac4cps.sensors.domain.Rejection;
import io.sac4cps.sensors.domain.Sensor;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the sensors API, as contracts/openapi.yaml names them. */
public final class SensorRequests {
  private SensorRequests() {}

  /** {@code POST /sensors}, vetted against SensorCreateRequest by the contract check. */
  @Serdeable
  public record CreateSensor(
      @Nullable String id, String roomId, String type, String unit, @Nullable String name) {}

  /** A sensor as answered; {@code name} is left out when the sensor has none. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SensorView(
      String id,
      String roomId,
      String type,
      String unit,
      @Nullable String name,
      Instant createdAt) {
    static SensorView of(Sensor sensor) {
      return new SensorView(
          sensor.id(),
          sensor.roomId(),
          sensor.type().wireName(),
          sensor.unit(),
          sensor.name(),
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
