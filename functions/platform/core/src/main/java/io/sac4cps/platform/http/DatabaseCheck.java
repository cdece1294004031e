package io.sac4cps.platform.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The function's database as its requests see it: a connection from the same pool (so a pool still
 * holding broken connections, or one that cannot connect yet, is DOWN) that answers within a
 * second.
 */
@Singleton
@Requires(beans = DataSource.class)
public class DatabaseCheck implements DependencyCheck {
  private final TransactionOperations<Connection> transactions;

  public DatabaseCheck(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public boolean isUp() {
    try {
      return transactions.executeRead(
          status -> {
            try (var statement = status.getConnection().createStatement()) {
              statement.setQueryTimeout(1);
              return statement.execute("SELECT 1");
            } catch (SQLException e) {
              return false;
            }
          });
    } catch (RuntimeException e) {
      return false;
    }
  }
}
