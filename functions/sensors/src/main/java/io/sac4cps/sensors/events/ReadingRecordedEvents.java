package io.sac4cps.sensors.events;

import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.sensors.domain.Sensor;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a stored reading into its {@code sensor.reading.recorded.v1} outbox message, keyed by
 * sensor id so a sensor's readings stay in order on one partition.
 */
@Singleton
public class ReadingRecordedEvents {
  private static final Destination SENSOR_READINGS = Destination.kafka(Topics.SENSOR_READINGS);

  private final Outbox outbox;

  public ReadingRecordedEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  public OutboxMessage message(Sensor sensor, Reading reading, Instant now) {
    String id = eventId(sensor.tenantId(), reading);
    CloudEvent<SensorReadingRecorded> event =
        CloudEvent.produced(
            id,
            CloudEvent.source("sensors"),
            SensorReadingRecorded.TYPE,
            now,
            sensor.id(),
            sensor.tenantId(),
            new SensorReadingRecorded(
                sensor.id(),
                sensor.roomId(),
                sensor.tenantId(),
                sensor.type().wireName(),
                sensor.unit(),
                reading.value(),
                reading.timestamp()));
    return outbox.message(id, SENSOR_READINGS, sensor.id(), event);
  }

  /**
   * Derived from what identifies the reading, so the same reading always has the same event id and
   * a consumer dedupes it however often it is published.
   */
  static String eventId(String tenantId, Reading reading) {
    String key = tenantId + '\n' + reading.sensorId() + '\n' + reading.timestamp();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
