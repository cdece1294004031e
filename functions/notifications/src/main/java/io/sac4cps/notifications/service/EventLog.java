package io.sac4cps.notifications.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.store.EventLogStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** The tenant's event log, for GET /events. */
@Singleton
public class EventLog {
  private final TransactionOperations<Connection> transactions;
  private final EventLogStore log;

  public EventLog(TransactionOperations<Connection> transactions, EventLogStore log) {
    this.transactions = transactions;
    this.log = log;
  }

  public List<EventLogStore.Entry> page(
      String tenantId, String type, Instant since, Instant beforeTime, String beforeId, int limit) {
    return transactions.executeRead(
        s -> log.page(tenantId, type, since, beforeTime, beforeId, limit));
  }
}
