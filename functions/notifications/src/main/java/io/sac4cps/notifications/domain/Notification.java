package io.sac4cps.notifications.domain;

import java.time.Instant;

/** One notification in a user's inbox. */
public record Notification(
    String tenantId,
    String id,
    String userId,
    String causeId,
    String eventType,
    String subject,
    Message message,
    Instant createdAt,
    Instant readAt) {}
