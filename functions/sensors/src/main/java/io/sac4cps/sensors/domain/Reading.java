package io.sac4cps.sensors.domain;

import java.time.Instant;

/** One measured value of a sensor at an instant. */
public record Reading(String sensorId, Instant timestamp, double value) {}
