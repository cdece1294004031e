package io.sac4cps.notifications.live;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.notifications.api.NotificationViews.NotificationView;

/**
 * A message on a WebSocket, server to client. {@code id} identifies it so a client dedupes (a
 * notification's id for {@code notification}); {@code unreadCount} keeps badges live.
 *
 * @param type {@code notification}, {@code pong} or {@code ack}
 */
@Serdeable
public record LiveMessage(
    String type,
    String id,
    @Nullable NotificationView notification,
    @Nullable Integer unreadCount,
    @Nullable String error) {

  public static LiveMessage notification(NotificationView view, int unreadCount) {
    return new LiveMessage("notification", view.id(), view, unreadCount, null);
  }
}
