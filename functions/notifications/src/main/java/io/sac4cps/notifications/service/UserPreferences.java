package io.sac4cps.notifications.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.notifications.domain.Preferences;
import io.sac4cps.notifications.store.PreferenceStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/** Reading and replacing a user's notification preferences. */
@Singleton
public class UserPreferences {
  private final TransactionOperations<Connection> transactions;
  private final PreferenceStore store;
  private final Clock clock;

  public UserPreferences(
      TransactionOperations<Connection> transactions, PreferenceStore store, Clock clock) {
    this.transactions = transactions;
    this.store = store;
    this.clock = clock;
  }

  public Preferences get(String tenantId, String userId) {
    return transactions.executeRead(
        s -> store.of(tenantId, List.of(userId)).getOrDefault(userId, Preferences.NONE));
  }

  public Preferences replace(String tenantId, String userId, Preferences preferences) {
    transactions.executeWrite(
        s -> {
          store.put(tenantId, userId, preferences, clock.instant());
          return null;
        });
    return preferences;
  }
}
