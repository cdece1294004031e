package io.sac4cps.analytics.domain;

import java.time.Instant;

/**
 * A sensor's readings in a period against its usual rate: its mean count per hour with readings in
 * the period (a silent stretch does not lower it), times the hours of the period it existed in.
 *
 * @param usualPerHour null when it sent nothing in the period
 */
public record SensorHealth(
    String sensorId,
    String roomId,
    Metric metric,
    Instant firstReading,
    Instant lastReading,
    boolean current,
    long received,
    Double usualPerHour) {}
