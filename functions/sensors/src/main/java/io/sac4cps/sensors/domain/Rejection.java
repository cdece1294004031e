package io.sac4cps.sensors.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Why one reading of a request was not stored: its position, the field at fault and the reason. */
@Serdeable
public record Rejection(int index, @Nullable String sensorId, String field, String message) {}
