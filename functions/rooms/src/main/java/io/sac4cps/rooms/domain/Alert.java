package io.sac4cps.rooms.domain;

import java.time.Instant;

/** An alert on one room metric; active while {@code resolvedAt} is null. */
public record Alert(
    String id,
    Series series,
    String sensorId,
    double value,
    String unit,
    Limits limits,
    Limits.Crossed crossed,
    Instant raisedAt) {}
