package io.sac4cps.sensors.domain;

import java.time.Instant;

/** A room of one tenant that rooms has announced (room.changed.v1), as of {@code changedAt}. */
public record KnownRoom(String tenantId, String id, Instant changedAt) {}
