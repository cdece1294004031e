package io.sac4cps.sensors.domain;

import java.time.Instant;

/** A registered sensor of one tenant, in one room; {@code name} is optional. */
public record Sensor(
    String tenantId,
    String id,
    String roomId,
    SensorType type,
    String unit,
    Instant createdAt,
    String name) {

  /** A sensor without a name. */
  public Sensor(
      String tenantId, String id, String roomId, SensorType type, String unit, Instant createdAt) {
    this(tenantId, id, roomId, type, unit, createdAt, null);
  }
}
