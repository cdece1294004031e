package io.sac4cps.platform.outbox;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Records events in the caller's transaction, so an event exists exactly when the state change it
 * describes was committed. {@link OutboxRelay} publishes them afterwards.
 */
@Singleton
public class Outbox {
  // One statement for the whole batch: arrays in, unnest, no per-row round trips.
  private static final String INSERT =
      "INSERT INTO outbox (id, destination_kind, destination, message_key, payload)"
          + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " ON CONFLICT (id) DO NOTHING";

  private final TransactionOperations<Connection> transactions;
  private final JsonMapper json;

  public Outbox(TransactionOperations<Connection> transactions, JsonMapper json) {
    this.transactions = transactions;
    this.json = json;
  }

  /** Serializes {@code event} (a CloudEvent record) for {@link #addAll}. */
  public OutboxMessage message(String eventId, Destination destination, String key, Object event) {
    try {
      return new OutboxMessage(eventId, destination, key, json.writeValueAsString(event));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize event " + eventId, e);
    }
  }

  public void add(OutboxMessage message) {
    addAll(List.of(message));
  }

  /** Must run inside the transaction that changes the state the messages describe. */
  public void addAll(Collection<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    if (transactions.findTransactionStatus().isEmpty()) {
      throw new IllegalStateException(
          "Outbox.addAll must run inside the state change's transaction");
    }
    Connection connection = transactions.getConnection();
    int n = messages.size();
    String[] ids = new String[n];
    String[] kinds = new String[n];
    String[] destinations = new String[n];
    String[] keys = new String[n];
    String[] payloads = new String[n];
    int i = 0;
    for (OutboxMessage message : messages) {
      ids[i] = message.id();
      kinds[i] = message.destination().kind().column();
      destinations[i] = message.destination().name();
      keys[i] = message.key();
      payloads[i] = message.payload();
      i++;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setArray(1, connection.createArrayOf("text", ids));
      insert.setArray(2, connection.createArrayOf("text", kinds));
      insert.setArray(3, connection.createArrayOf("text", destinations));
      insert.setArray(4, connection.createArrayOf("text", keys));
      insert.setArray(5, connection.createArrayOf("text", payloads));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the outbox", e);
    }
  }
}
