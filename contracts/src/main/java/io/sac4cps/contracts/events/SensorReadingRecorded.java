package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a reading sensors stored, on Kafka {@link Topics#SENSOR_READINGS} keyed
 * by sensor id; the event's subject is the sensor id.
 *
 * @param type the metric: temperature, humidity, co2, occupancy, energy or light
 * @param timestamp when the sensor measured the value
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SensorReadingRecorded(
    String sensorId,
    String roomId,
    @Nullable String tenantId,
    String type,
    String unit,
    double value,
    Instant timestamp) {

  public static final String TYPE = "sensor.reading.recorded.v1";
}
