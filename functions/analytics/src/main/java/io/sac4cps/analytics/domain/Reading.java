package io.sac4cps.analytics.domain;

import java.time.Instant;

/** One sensor reading as sensor.reading.recorded.v1 carries it. */
public record Reading(
    String tenantId,
    String roomId,
    String sensorId,
    Metric metric,
    String unit,
    double value,
    Instant timestamp) {}
