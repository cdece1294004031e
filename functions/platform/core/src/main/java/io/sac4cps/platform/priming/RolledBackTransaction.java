package io.sac4cps.platform.priming;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Lets a primer run a function's write paths for real (inserts, the outbox, publish-after-commit's
 * registration) without leaving anything: the work joins one transaction that is rolled back, so no
 * row is ever visible to another session and the outbox's after-commit publication is dropped
 * (decision 0023). Sequences advance: ids from them may skip a value, which no user reads.
 */
@Singleton
public class RolledBackTransaction {
  private final TransactionOperations<Connection> transactions;

  RolledBackTransaction(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  public <T> T run(Supplier<T> work) {
    return transactions.executeWrite(
        status -> {
          status.setRollbackOnly();
          return work.get();
        });
  }
}
