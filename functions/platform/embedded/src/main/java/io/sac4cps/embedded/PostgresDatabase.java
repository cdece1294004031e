package io.sac4cps.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database on a PostgreSQL server, ready to be handed to a JDBC data source.
 *
 * @param name the database name
 * @param jdbcUrl {@code jdbc:postgresql://host:port/name}
 * @param username the user that owns the database, or the role {@link #as} named
 * @param password that user's password (ignored by the embedded server, which trusts local users)
 */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {

  public static final String DRIVER_CLASS_NAME = "org.postgresql.Driver";

  /**
   * Roles belong to the server, not to one database: two sessions altering the same role at once
   * fail ("tuple concurrently updated"), so this JVM runs role statements one batch at a time.
   */
  private static final Object ROLE_STATEMENTS = new Object();

  /** Runs {@code statements} in order, each committed, as {@link #username()}. */
  public void execute(List<String> statements) {
    synchronized (ROLE_STATEMENTS) {
      try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
          Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("statements on database " + name + " failed", e);
      }
    }
  }

  /** The same database, signed in to as another user. */
  public PostgresDatabase as(String username, String password) {
    return new PostgresDatabase(name, jdbcUrl, username, password);
  }
}
