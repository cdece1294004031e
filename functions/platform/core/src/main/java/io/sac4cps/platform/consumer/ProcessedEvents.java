package io.sac4cps.platform.consumer;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.Connection;
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
  private final JdbcStatements sql;

  public ProcessedEvents(TransactionOperations<Connection> transactions, JdbcStatements sql) {
    this.transactions = transactions;
    this.sql = sql;
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
    return new HashSet<>(
        sql.query(
            CLAIM,
            claim -> {
              claim.setString(1, consumer);
              claim.setArray(2, sql.textArray(eventIds));
            },
            row -> row.getString(1)));
  }
}
