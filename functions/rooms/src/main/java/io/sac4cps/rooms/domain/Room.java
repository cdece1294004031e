package io.sac4cps.rooms.domain;

import java.time.Instant;
import java.util.Map;

/** A room of a tenant with the thresholds in force. */
public record Room(
    String tenantId,
    String id,
    String name,
    String building,
    int floor,
    Double areaM2,
    Integer capacity,
    Instant createdAt,
    Map<Metric, Limits> thresholds) {}
