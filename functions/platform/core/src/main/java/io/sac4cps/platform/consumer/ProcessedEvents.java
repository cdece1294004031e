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
 *
 * <p>A batch's ids are usually all new, so they are first inserted plainly, in a savepoint: {@code
 * ON CONFLICT} inserts speculatively (a conflict check before each row and a confirmation after),
 * which cost the analytics projection half its claim's server time and a quarter of its WAL
 * (decision 0071). Only when an id is taken (a redelivery, or a concurrent delivery that committed
 * first) does the savepoint roll back and {@code ON CONFLICT DO NOTHING} sort the ids out.
 */
@Singleton
public class ProcessedEvents {
  private static final String CLAIM_ALL =
      "INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::text[])";
  private static final String CLAIM = CLAIM_ALL + " ON CONFLICT DO NOTHING RETURNING event_id";

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
    JdbcStatements.Binder ids =
        claim -> {
          claim.setString(1, consumer);
          claim.setArray(2, sql.textArray(eventIds));
        };
    // One id: a savepoint's two round trips cost more than the speculative insert of one row.
    if (eventIds.size() > 1 && sql.updateUnlessDuplicate(CLAIM_ALL, ids)) {
      // Every row inserted: the ids were distinct (a repeated one violates the key) and all new.
      return new HashSet<>(eventIds);
    }
    return new HashSet<>(sql.query(CLAIM, ids, row -> row.getString(1)));
  }
}
