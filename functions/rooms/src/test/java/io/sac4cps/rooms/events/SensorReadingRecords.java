package io.sac4cps.rooms.events;

import java.time.Instant;

/**
 * A sensor.reading.recorded.v1 CloudEvent as the sensors function publishes it to Kafka (the
 * record's value): the one way the consumer's tests and benchmarks build readings.
 */
public final class SensorReadingRecords {
  private SensorReadingRecords() {}

  /** The event's JSON; {@code value} is rounded to two decimals, as a sensor reports it. */
  public static String json(
      String id,
      String tenantId,
      String sensorId,
      String roomId,
      String type,
      String unit,
      double value,
      Instant at) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/sac4cps/sensors\",\"type\":\"sensor.reading.recorded.v1\",\"time\":\""
        + at
        + "\",\"subject\":\""
        + sensorId
        + "\",\"datacontenttype\":\"application/json\",\"tenantid\":\""
        + tenantId
        + "\",\"data\":{\"sensorId\":\""
        + sensorId
        + "\",\"roomId\":\""
        + roomId
        + "\",\"tenantId\":\""
        + tenantId
        + "\",\"type\":\""
        + type
        + "\",\"unit\":\""
        + unit
        + "\",\"value\":"
        + Math.round(value * 100) / 100.0
        + ",\"timestamp\":\""
        + at
        + "\"}}";
  }
}
