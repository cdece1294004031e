package io.sac4cps.platform.jdbc;

import java.sql.SQLException;

/**
 * A failed SQL statement, the one exception stores throw. {@link #isUniqueViolation()} tells a
 * duplicate apart from an outage; an HTTP request that lets it escape is answered with a plain 500
 * (platform's problem responses), never with the SQL or the driver's message.
 */
public class StoreException extends RuntimeException {
  private final String sqlState;

  public StoreException(String statement, SQLException cause) {
    super(
        "SQL failed (SQLSTATE "
            + cause.getSQLState()
            + "): "
            + cause.getMessage()
            + " in: "
            + statement,
        cause);
    this.sqlState = cause.getSQLState();
  }

  public String sqlState() {
    return sqlState;
  }

  public boolean isUniqueViolation() {
    return JdbcStatements.UNIQUE_VIOLATION.equals(sqlState);
  }
}
