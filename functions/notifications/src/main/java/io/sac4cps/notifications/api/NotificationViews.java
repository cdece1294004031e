package io.sac4cps.notifications.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.notifications.domain.Delivery;
import io.sac4cps.notifications.domain.Notification;
import java.time.Instant;
import java.util.List;

/** The JSON of the contract's notification schemas. */
public final class NotificationViews {
  private NotificationViews() {}

  @Serdeable
  public record NotificationView(
      String id,
      String title,
      String body,
      String severity,
      @Nullable String eventId,
      @Nullable String eventType,
      @Nullable String subject,
      Instant createdAt,
      @Nullable Instant readAt) {

    public static NotificationView of(Notification n) {
      return new NotificationView(
          n.id(),
          n.message().title(),
          n.message().body(),
          n.message().severity().wireName(),
          n.causeId(),
          n.eventType(),
          n.subject(),
          n.createdAt(),
          n.readAt());
    }
  }

  @Serdeable
  public record NotificationPage(
      List<NotificationView> items, @Nullable String nextCursor, int unreadCount) {}

  @Serdeable
  public record MarkedRead(int marked, int unreadCount) {}

  @Serdeable
  public record DeliveryView(
      String userId,
      String channel,
      String status,
      int attempts,
      @Nullable String error,
      Instant updatedAt) {

    public static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.userId(),
          d.channel().wireName(),
          d.status().wireName(),
          d.attempts(),
          d.error(),
          d.updatedAt());
    }
  }

  @Serdeable
  public record NotificationSent(
      String id,
      String title,
      String body,
      String severity,
      Instant createdAt,
      List<DeliveryView> deliveries) {}
}
