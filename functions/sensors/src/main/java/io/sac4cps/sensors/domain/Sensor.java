package io.sac4cps.sensors.domain;

import java.time.Instant;

/** A registered sensor of one tenant, in one room. */
public record Sensor(
    String tenantId, String id, String roomId, SensorType type, String unit, Instant createdAt) {}
