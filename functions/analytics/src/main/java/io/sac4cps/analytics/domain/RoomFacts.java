package io.sac4cps.analytics.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What analytics knows of a room (from room.changed.v1): where it is, its size and its limits.
 *
 * @param thresholds inclusive limits by metric; a missing bound is null
 */
public record RoomFacts(
    String tenantId,
    String id,
    String name,
    String building,
    int floor,
    Double areaM2,
    Integer capacity,
    Map<Metric, Limits> thresholds,
    Instant changedAt) {

  /** Inclusive limits of one metric; either may be null. */
  public record Limits(Double min, Double max) {}
}
