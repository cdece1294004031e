package io.sac4cps.platform.consumer;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code processed_event} table: which event ids a consumer has applied. Claiming ids in the
 * transaction that applies them makes redelivery harmless: a second delivery, even a concurrent
 * one, finds the id taken (or waits for the first transaction and then finds it taken).
 */
@Singleton
public class ProcessedEvents {
  private static final String CLAIM =
      "INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::text[])"
          + " ON CONFLICT DO NOTHING RETURNING event_id";

  private final TransactionOperations<Connection> transactions;

  public ProcessedEvents(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /**
   * Marks {@code eventIds} processed by {@code consumer} and returns those not processed before:
   * exactly the ones to apply now. Must run inside the transaction that applies them.
   */
  public Set<String> claim(String consumer, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    if (transactions.findTransactionStatus().isEmpty()) {
      throw new IllegalStateException("ProcessedEvents.claim must run inside a transaction");
    }
    Connection connection = transactions.getConnection();
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      Array ids = connection.createArrayOf("text", eventIds.toArray());
      claim.setString(1, consumer);
      claim.setArray(2, ids);
      Set<String> claimed = new HashSet<>();
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          claimed.add(rs.getString(1));
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record processed events", e);
    }
  }
}
