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
  private static final String INSERT =
      "INSERT INTO outbox (id, destination_kind, destination, message_key, payload) VALUES (?, ?, ?, ?, ?)"
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
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (OutboxMessage message : messages) {
        insert.setString(1, message.id());
        insert.setString(2, message.destination().kind().column());
        insert.setString(3, message.destination().name());
        insert.setString(4, message.key());
        insert.setString(5, message.payload());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the outbox", e);
    }
  }
}
