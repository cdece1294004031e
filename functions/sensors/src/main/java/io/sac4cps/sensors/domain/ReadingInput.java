package io.sac4cps.sensors.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A reading as a client sent it, before any check: every field may be missing or wrong. */
@Serdeable
public record ReadingInput(
    @Nullable String sensorId, @Nullable String timestamp, @Nullable Double value) {}
