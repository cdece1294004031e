package io.sac4cps.notifications.domain;

import java.time.Instant;

/** One (cause, recipient, channel) and how it went. */
public record Delivery(
    String tenantId,
    String causeId,
    String userId,
    Channel channel,
    String notificationId,
    DeliveryStatus status,
    int attempts,
    String error,
    Instant updatedAt) {

  public Key key() {
    return new Key(causeId, userId, channel);
  }

  /** The unique key of a delivery. */
  public record Key(String causeId, String userId, Channel channel) {}
}
