package io.sac4cps.analytics.domain;

import java.time.Instant;

/**
 * An alert's raise or resolution as the alerts topic reports it; either may arrive first.
 *
 * @param raisedAt null when a resolution does not carry it
 * @param resolvedAt null for a raise
 */
public record AlertChange(
    String tenantId,
    String alertId,
    String roomId,
    Metric metric,
    Instant raisedAt,
    Instant resolvedAt) {}
