package io.sac4cps.platform.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The function's database as its requests see it: a connection from the same pool (so a pool still
 * holding broken connections, or one that cannot connect yet, is DOWN) that answers {@code SELECT
 * 1} within a second.
 */
@Singleton
@Requires(beans = DataSource.class)
public class DatabaseProbe implements DependencyProbe {
  private final TransactionOperations<Connection> transactions;

  public DatabaseProbe(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public boolean essential() {
    return true;
  }

  @Override
  public void probe() throws SQLException {
    transactions.executeRead(
        status -> {
          try (var statement = status.getConnection().createStatement()) {
            statement.setQueryTimeout(1);
            return statement.execute("SELECT 1");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
