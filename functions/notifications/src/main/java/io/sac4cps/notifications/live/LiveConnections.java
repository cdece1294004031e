package io.sac4cps.notifications.live;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.domain.Connection;
import io.sac4cps.notifications.service.Inbox;
import io.sac4cps.notifications.store.ConnectionStore;
import io.sac4cps.platform.problem.ProblemException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's routes without Lambda types: $connect stores who connected (as the authorizer
 * identified them) until API Gateway's 2 h limit, $disconnect forgets the connection, and client
 * messages on $default ({@code {"action": "ping" | "ack" | "markRead", "id": ...}}) are answered on
 * the same connection with a message carrying the request's id.
 */
@Singleton
public class LiveConnections {
  private static final Logger LOG = LoggerFactory.getLogger(LiveConnections.class);

  /** API Gateway's limit on a client frame is 32 KB; anything this app expects is tiny. */
  static final int MAX_CLIENT_MESSAGE = 4096;

  private final ConnectionStore connections;
  private final Inbox inbox;
  private final ConnectionPush push;
  private final TransactionOperations<java.sql.Connection> transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration lifetime;

  public LiveConnections(
      ConnectionStore connections,
      Inbox inbox,
      ConnectionPush push,
      TransactionOperations<java.sql.Connection> transactions,
      JsonMapper json,
      Clock clock,
      @Value("${notifications.websocket.connection-lifetime:2h}") Duration lifetime) {
    this.connections = connections;
    this.inbox = inbox;
    this.push = push;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** Stores a connection the authorizer allowed; false when its context lacks tenant or user. */
  public boolean connected(String connectionId, String tenantId, String userId, Set<String> roles) {
    if (blank(connectionId) || blank(tenantId) || blank(userId)) {
      return false;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    transactions.executeWrite(
        s -> {
          connections.insert(
              new Connection(connectionId, tenantId, userId, roles, now, now.plus(lifetime)));
          return null;
        });
    return true;
  }

  public void disconnected(String connectionId) {
    transactions.executeWrite(s -> connections.delete(connectionId));
  }

  /** Answers a client message on its connection; false when the connection is not known. */
  public boolean received(String connectionId, String body) {
    Optional<Connection> connection =
        transactions.executeRead(s -> connections.find(connectionId, clock.instant()));
    if (connection.isEmpty()) {
      return false;
    }
    LiveMessage answer = answer(connection.get(), body);
    try {
      ConnectionPush.Attempt sent = push.post(connectionId, json.writeValueAsBytes(answer));
      if (sent.result() == ConnectionPush.Result.GONE) {
        disconnected(connectionId);
      }
    } catch (IOException e) {
      LOG.warn("answer to a client message did not serialize", e);
    }
    return true;
  }

  private LiveMessage answer(Connection connection, String body) {
    JsonNode message;
    try {
      message =
          body == null || body.length() > MAX_CLIENT_MESSAGE
              ? null
              : json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      message = null;
    }
    if (message == null || !message.isObject()) {
      return error(null, "messages are JSON objects with an action");
    }
    String id = text(message, "id");
    String action = text(message, "action");
    if ("ping".equals(action)) {
      return new LiveMessage("pong", id, null, null, null);
    }
    if ("ack".equals(action)) {
      // The client has the message: nothing to resend (the inbox keeps it either way).
      return new LiveMessage("ack", id, null, null, null);
    }
    if ("markRead".equals(action)) {
      if (blank(id)) {
        return error(null, "markRead needs the notification's id");
      }
      try {
        inbox.markRead(connection.tenantId(), connection.userId(), id);
      } catch (ProblemException e) {
        return error(id, e.getMessage());
      }
      return new LiveMessage(
          "ack", id, null, inbox.unreadCount(connection.tenantId(), connection.userId()), null);
    }
    return error(id, "unknown action; use ping, ack or markRead");
  }

  private static LiveMessage error(String id, String error) {
    return new LiveMessage("error", id, null, null, error);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.getStringValue() : null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
