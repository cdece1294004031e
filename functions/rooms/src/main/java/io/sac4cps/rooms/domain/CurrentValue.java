package io.sac4cps.rooms.domain;

import java.time.Instant;

/** The latest reading of a room metric. */
public record CurrentValue(Metric metric, double value, String unit, Instant timestamp) {}
