package io.sac4cps.notifications.channels;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.api.NotificationViews.NotificationView;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Connection;
import io.sac4cps.notifications.domain.Outcome;
import io.sac4cps.notifications.live.ConnectionPush;
import io.sac4cps.notifications.live.LiveMessage;
import io.sac4cps.notifications.store.ConnectionStore;
import io.sac4cps.notifications.store.DeliveryStore.Job;
import io.sac4cps.notifications.store.InboxStore;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Pushes a notification to every open connection of its recipient (two tabs get it twice, each
 * once). A connection that answers 410 Gone is deleted, exactly that one; the others still get the
 * message. No open connection is {@code skipped}: the inbox and GET /events hold it for later.
 */
@Singleton
public class WebSocketSender implements ChannelSender {
  private final ConnectionStore connections;
  private final InboxStore inbox;
  private final ConnectionPush push;
  private final TransactionOperations<java.sql.Connection> transactions;
  private final JsonMapper json;
  private final Clock clock;

  public WebSocketSender(
      ConnectionStore connections,
      InboxStore inbox,
      ConnectionPush push,
      TransactionOperations<java.sql.Connection> transactions,
      JsonMapper json,
      Clock clock) {
    this.connections = connections;
    this.inbox = inbox;
    this.push = push;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Channel channel() {
    return Channel.WEBSOCKET;
  }

  @Override
  public Outcome send(Job job) {
    String tenant = job.delivery().tenantId();
    String user = job.delivery().userId();
    record Target(List<Connection> open, int unread) {}
    Target target =
        transactions.executeRead(
            s ->
                new Target(
                    connections.ofUser(tenant, user, clock.instant()),
                    inbox.unreadCount(tenant, user)));
    if (target.open().isEmpty()) {
      return Outcome.skipped("no open WebSocket connection");
    }
    if (!push.configured()) {
      return Outcome.rejected("no @connections endpoint is configured");
    }
    byte[] message;
    try {
      message =
          json.writeValueAsBytes(
              LiveMessage.notification(NotificationView.of(job.notification()), target.unread()));
    } catch (IOException e) {
      return Outcome.rejected("message did not serialize");
    }
    int delivered = 0;
    String failure = null;
    for (Connection connection : target.open()) {
      ConnectionPush.Attempt attempt = push.post(connection.connectionId(), message);
      switch (attempt.result()) {
        case DELIVERED -> delivered++;
        case GONE -> transactions.executeWrite(s -> connections.delete(connection.connectionId()));
        case FAILED -> failure = attempt.failure();
      }
    }
    if (delivered > 0) {
      return Outcome.sent();
    }
    return failure == null
        ? Outcome.skipped("no open WebSocket connection")
        : Outcome.failed(failure);
  }
}
